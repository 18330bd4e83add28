//! Diesel's view of the tables in `migrations/`. Kept in step with the SQL by the store's
//! schema test, which compares these columns with `information_schema`.

diesel::table! {
    tenants (id) {
        id -> Uuid,
        name -> Text,
        contributes -> Bool,
        consumes -> Bool,
        created_at -> Timestamptz,
        api_key_requests_per_second -> Nullable<Int4>,
        customer_data_retention_days -> Int4,
        api_keys_read_customer_data -> Bool,
        history_retention_months -> Nullable<Int4>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Uuid,
        tenant_id -> Nullable<Uuid>,
        subject_kind -> Text,
        subject_id -> Uuid,
        created_at -> Timestamptz,
        refreshed_at -> Timestamptz,
        expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    platform_admins (id) {
        id -> Uuid,
        email -> Text,
        password_hash -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    users (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        created_at -> Timestamptz,
        disabled_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    api_keys (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        name -> Text,
        prefix -> Text,
        secret_hash -> Bytea,
        created_by -> Text,
        created_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
        livemode -> Bool,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Int8,
        tenant_id -> Nullable<Uuid>,
        at -> Timestamptz,
        actor -> Text,
        action -> Text,
        target -> Nullable<Text>,
        details -> Jsonb,
    }
}

diesel::table! {
    fraud_reports (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        category -> Text,
        amount_minor -> Int8,
        currency -> Text,
        occurred_at -> Timestamptz,
        order_id -> Nullable<Text>,
        reported_at -> Timestamptz,
        retracted_at -> Nullable<Timestamptz>,
        created_by -> Text,
        source -> Text,
        idempotency_key -> Nullable<Text>,
        summary -> Jsonb,
        livemode -> Bool,
    }
}

diesel::table! {
    consortium_entries (fingerprint, kind, tenant_id, report_id) {
        fingerprint -> Bytea,
        kind -> Text,
        tenant_id -> Uuid,
        report_id -> Uuid,
        category -> Text,
        reported_at -> Timestamptz,
        shared -> Bool,
    }
}

diesel::table! {
    contributor_records (tenant_id) {
        tenant_id -> Uuid,
        reports -> Int8,
        retractions -> Int8,
        disputes_upheld -> Int8,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    warninglist_values (id) {
        id -> Uuid,
        kind -> Text,
        fingerprint -> Bytea,
        label -> Text,
        source -> Text,
        created_at -> Timestamptz,
        removed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    warninglist_ranges (id) {
        id -> Uuid,
        range -> Cidr,
        label -> Text,
        source -> Text,
        created_at -> Timestamptz,
        removed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    consortium_disputes (id) {
        id -> Uuid,
        kinds -> Array<Text>,
        fingerprints -> Array<Bytea>,
        reason -> Text,
        status -> Text,
        opened_by -> Text,
        opened_at -> Timestamptz,
        resolved_by -> Nullable<Text>,
        resolved_at -> Nullable<Timestamptz>,
        resolution_note -> Nullable<Text>,
        entries_removed -> Int4,
    }
}

diesel::table! {
    ip_reputation (range, tag) {
        range -> Cidr,
        tag -> Text,
        source -> Text,
        imported_at -> Timestamptz,
    }
}

diesel::table! {
    ip_countries (ip_from) {
        ip_from -> Inet,
        ip_to -> Inet,
        country -> Text,
        source -> Text,
    }
}

diesel::table! {
    card_bins (bin) {
        bin -> Text,
        brand -> Text,
        issuer_country -> Nullable<Text>,
        card_type -> Nullable<Text>,
        issuer -> Nullable<Text>,
        source -> Text,
    }
}

diesel::table! {
    reference_addresses (list, kind, fingerprint) {
        list -> Text,
        kind -> Text,
        fingerprint -> Bytea,
        label -> Nullable<Text>,
        source -> Text,
    }
}

diesel::table! {
    orders (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        merchant_order_id -> Text,
        ordered_at -> Timestamptz,
        amount_minor -> Int8,
        currency -> Text,
        payment_method -> Text,
        account_id -> Nullable<Text>,
        decision -> Text,
        score -> Int2,
        reasons -> Jsonb,
        three_ds -> Text,
        policy_version -> Int4,
        shadow_rules -> Jsonb,
        signals -> Jsonb,
        summary -> Jsonb,
        status -> Text,
        review_decision -> Nullable<Text>,
        reviewed_by -> Nullable<Text>,
        reviewed_at -> Nullable<Timestamptz>,
        review_note -> Nullable<Text>,
        authorization_result -> Nullable<Text>,
        chargeback_at -> Nullable<Timestamptz>,
        refunded_at -> Nullable<Timestamptz>,
        delivered_at -> Nullable<Timestamptz>,
        idempotency_key -> Nullable<Text>,
        scored_at -> Timestamptz,
        times_scored -> Int4,
        livemode -> Bool,
        customer_data -> Nullable<Bytea>,
    }
}

diesel::table! {
    order_identifiers (tenant_id, order_id, kind) {
        tenant_id -> Uuid,
        order_id -> Uuid,
        kind -> Text,
        fingerprint -> Bytea,
        at -> Timestamptz,
    }
}

diesel::table! {
    order_keys (tenant_id, merchant_order_id, livemode) {
        tenant_id -> Uuid,
        merchant_order_id -> Text,
        livemode -> Bool,
        order_id -> Uuid,
    }
}

diesel::table! {
    order_events (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Int8,
        order_id -> Uuid,
        #[sql_name = "type"]
        event_type -> Text,
        details -> Jsonb,
        actor -> Text,
        at -> Timestamptz,
    }
}

diesel::table! {
    tenant_lists (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        list -> Text,
        kind -> Text,
        fingerprint -> Bytea,
        display -> Text,
        note -> Nullable<Text>,
        expires_at -> Nullable<Timestamptz>,
        created_by -> Text,
        created_at -> Timestamptz,
        sealed_value -> Nullable<Bytea>,
    }
}

diesel::table! {
    tenant_policies (tenant_id, version) {
        tenant_id -> Uuid,
        version -> Int4,
        review_at -> Int2,
        reject_at -> Int2,
        rules -> Jsonb,
        created_by -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    device_tag_keys (tenant_id) {
        tenant_id -> Uuid,
        key -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    devices (tenant_id, device_id) {
        tenant_id -> Uuid,
        device_id -> Text,
        first_seen_at -> Timestamptz,
        last_seen_at -> Timestamptz,
        sightings -> Int8,
        user_agent -> Nullable<Text>,
        languages -> Array<Text>,
        timezone -> Nullable<Text>,
        screen -> Nullable<Text>,
        hardware_concurrency -> Nullable<Int2>,
        max_touch_points -> Nullable<Int2>,
        automation -> Bool,
        automation_hints -> Array<Text>,
    }
}

diesel::table! {
    webhook_endpoints (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        url -> Text,
        secret -> Text,
        events -> Array<Text>,
        active -> Bool,
        created_at -> Timestamptz,
        created_by -> Text,
    }
}

diesel::table! {
    webhook_deliveries (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        endpoint_id -> Uuid,
        event_type -> Text,
        event_id -> Uuid,
        payload -> Jsonb,
        status -> Text,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        last_status_code -> Nullable<Int4>,
        last_error -> Nullable<Text>,
        created_at -> Timestamptz,
        delivered_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    fraud_thresholds (tenant_id, currency) {
        tenant_id -> Uuid,
        currency -> Text,
        monthly_minor -> Int8,
        updated_by -> Text,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    login_events (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        account_fingerprint -> Bytea,
        success -> Bool,
        ip -> Inet,
        ip_prefix -> Cidr,
        device_id -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        decision -> Text,
        score -> Int2,
        reasons -> Jsonb,
        at -> Timestamptz,
        recorded_at -> Timestamptz,
        livemode -> Bool,
    }
}

diesel::table! {
    payment_attempts (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        card_fingerprint -> Nullable<Bytea>,
        bin -> Nullable<Text>,
        last4 -> Nullable<Text>,
        brand -> Nullable<Text>,
        issuer_country -> Nullable<Text>,
        amount_minor -> Int8,
        currency -> Text,
        result -> Text,
        decline_code -> Nullable<Text>,
        three_ds_status -> Nullable<Text>,
        three_ds_flow -> Nullable<Text>,
        eci -> Nullable<Text>,
        ip -> Nullable<Inet>,
        device_id -> Nullable<Text>,
        account_fingerprint -> Nullable<Bytea>,
        order_id -> Nullable<Text>,
        decision -> Text,
        score -> Int2,
        reasons -> Jsonb,
        attempted_at -> Timestamptz,
        recorded_at -> Timestamptz,
        livemode -> Bool,
    }
}

diesel::table! {
    card_testing_alerts (tenant_id, id) {
        tenant_id -> Uuid,
        id -> Uuid,
        source_kind -> Text,
        source_value -> Text,
        display -> Text,
        window_secs -> Int4,
        failures -> Int4,
        attempts -> Int4,
        failure_rate -> Float8,
        detected_at -> Timestamptz,
        active_until -> Timestamptz,
        kind -> Text,
        ip_prefix -> Nullable<Cidr>,
        acknowledged_at -> Nullable<Timestamptz>,
        acknowledged_by -> Nullable<Text>,
        resolved_at -> Nullable<Timestamptz>,
        resolved_by -> Nullable<Text>,
        livemode -> Bool,
    }
}

diesel::table! {
    idempotency_keys (tenant_id, operation, key) {
        tenant_id -> Uuid,
        operation -> Text,
        key -> Text,
        request_hash -> Bytea,
        response_status -> Nullable<Int2>,
        response_body -> Nullable<Bytea>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    velocity_counts (tenant_id, key_kind, key, bucket_secs, bucket_start) {
        tenant_id -> Uuid,
        key_kind -> Text,
        key -> Bytea,
        bucket_secs -> Int4,
        bucket_start -> Timestamptz,
        orders -> Int4,
    }
}

diesel::table! {
    velocity_values (tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start, value) {
        tenant_id -> Uuid,
        key_kind -> Text,
        key -> Bytea,
        counted_kind -> Text,
        bucket_secs -> Int4,
        bucket_start -> Timestamptz,
        value -> Bytea,
        orders -> Int4,
    }
}

diesel::table! {
    velocity_sketches (tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start) {
        tenant_id -> Uuid,
        key_kind -> Text,
        key -> Bytea,
        counted_kind -> Text,
        bucket_secs -> Int4,
        bucket_start -> Timestamptz,
        sketch -> Bytea,
    }
}

diesel::table! {
    consortium_summaries (fingerprint, kind, tenant_id, shared) {
        fingerprint -> Bytea,
        kind -> Text,
        tenant_id -> Uuid,
        shared -> Bool,
        reports -> Int4,
        categories -> Array<Text>,
        first_reported_at -> Timestamptz,
        last_reported_at -> Timestamptz,
    }
}

diesel::table! {
    attempt_counts (tenant_id, livemode, source_kind, source, bucket_secs, bucket_start, shard) {
        tenant_id -> Uuid,
        livemode -> Bool,
        source_kind -> Text,
        source -> Bytea,
        bucket_secs -> Int4,
        bucket_start -> Timestamptz,
        shard -> Int2,
        attempts -> Int4,
        failures -> Int4,
    }
}

diesel::table! {
    consortium_changes (seq) {
        seq -> Int8,
        fingerprint -> Bytea,
        logged_at -> Timestamptz,
    }
}

diesel::table! {
    test_consortium_entries (tenant_id, fingerprint, kind, report_id) {
        tenant_id -> Uuid,
        fingerprint -> Bytea,
        kind -> Text,
        report_id -> Uuid,
        category -> Text,
        reported_at -> Timestamptz,
    }
}

diesel::joinable!(users -> tenants (tenant_id));
diesel::joinable!(api_keys -> tenants (tenant_id));
// Order search filters orders by a subselect of their identifiers.
diesel::allow_tables_to_appear_in_same_query!(orders, order_identifiers);
diesel::allow_tables_to_appear_in_same_query!(
    tenants,
    platform_admins,
    users,
    api_keys,
    audit_log,
    fraud_reports,
    consortium_entries,
    contributor_records,
);

/// Every table and its columns, as declared above, for the schema drift test.
pub const DECLARED_COLUMNS: &[(&str, &[&str])] = &[
    (
        "tenants",
        &[
            "id",
            "name",
            "contributes",
            "consumes",
            "created_at",
            "api_key_requests_per_second",
            "customer_data_retention_days",
            "api_keys_read_customer_data",
            "history_retention_months",
        ],
    ),
    (
        "sessions",
        &[
            "id",
            "tenant_id",
            "subject_kind",
            "subject_id",
            "created_at",
            "refreshed_at",
            "expires_at",
            "revoked_at",
        ],
    ),
    (
        "platform_admins",
        &["id", "email", "password_hash", "created_at"],
    ),
    (
        "users",
        &[
            "tenant_id",
            "id",
            "email",
            "password_hash",
            "role",
            "created_at",
            "disabled_at",
        ],
    ),
    (
        "api_keys",
        &[
            "tenant_id",
            "id",
            "name",
            "prefix",
            "secret_hash",
            "created_by",
            "created_at",
            "last_used_at",
            "revoked_at",
            "livemode",
        ],
    ),
    (
        "audit_log",
        &[
            "id",
            "tenant_id",
            "at",
            "actor",
            "action",
            "target",
            "details",
        ],
    ),
    (
        "fraud_reports",
        &[
            "tenant_id",
            "id",
            "category",
            "amount_minor",
            "currency",
            "occurred_at",
            "order_id",
            "reported_at",
            "retracted_at",
            "created_by",
            "source",
            "idempotency_key",
            "summary",
            "livemode",
        ],
    ),
    (
        "consortium_entries",
        &[
            "fingerprint",
            "kind",
            "tenant_id",
            "report_id",
            "category",
            "reported_at",
            "shared",
        ],
    ),
    (
        "contributor_records",
        &[
            "tenant_id",
            "reports",
            "retractions",
            "disputes_upheld",
            "updated_at",
        ],
    ),
    (
        "warninglist_values",
        &[
            "id",
            "kind",
            "fingerprint",
            "label",
            "source",
            "created_at",
            "removed_at",
        ],
    ),
    (
        "warninglist_ranges",
        &["id", "range", "label", "source", "created_at", "removed_at"],
    ),
    (
        "consortium_disputes",
        &[
            "id",
            "kinds",
            "fingerprints",
            "reason",
            "status",
            "opened_by",
            "opened_at",
            "resolved_by",
            "resolved_at",
            "resolution_note",
            "entries_removed",
        ],
    ),
    ("ip_reputation", &["range", "tag", "source", "imported_at"]),
    ("ip_countries", &["ip_from", "ip_to", "country", "source"]),
    (
        "card_bins",
        &[
            "bin",
            "brand",
            "issuer_country",
            "card_type",
            "issuer",
            "source",
        ],
    ),
    (
        "reference_addresses",
        &["list", "kind", "fingerprint", "label", "source"],
    ),
    (
        "orders",
        &[
            "tenant_id",
            "id",
            "merchant_order_id",
            "ordered_at",
            "amount_minor",
            "currency",
            "payment_method",
            "account_id",
            "decision",
            "score",
            "reasons",
            "three_ds",
            "policy_version",
            "shadow_rules",
            "signals",
            "summary",
            "status",
            "review_decision",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "authorization_result",
            "chargeback_at",
            "refunded_at",
            "delivered_at",
            "idempotency_key",
            "scored_at",
            "times_scored",
            "livemode",
            "customer_data",
        ],
    ),
    (
        "order_identifiers",
        &["tenant_id", "order_id", "kind", "fingerprint", "at"],
    ),
    (
        "order_keys",
        &["tenant_id", "merchant_order_id", "livemode", "order_id"],
    ),
    (
        "order_events",
        &[
            "tenant_id",
            "id",
            "order_id",
            "type",
            "details",
            "actor",
            "at",
        ],
    ),
    (
        "tenant_lists",
        &[
            "tenant_id",
            "id",
            "list",
            "kind",
            "fingerprint",
            "display",
            "note",
            "expires_at",
            "created_by",
            "created_at",
            "sealed_value",
        ],
    ),
    (
        "tenant_policies",
        &[
            "tenant_id",
            "version",
            "review_at",
            "reject_at",
            "rules",
            "created_by",
            "created_at",
        ],
    ),
    ("device_tag_keys", &["tenant_id", "key", "created_at"]),
    (
        "devices",
        &[
            "tenant_id",
            "device_id",
            "first_seen_at",
            "last_seen_at",
            "sightings",
            "user_agent",
            "languages",
            "timezone",
            "screen",
            "hardware_concurrency",
            "max_touch_points",
            "automation",
            "automation_hints",
        ],
    ),
    (
        "webhook_endpoints",
        &[
            "tenant_id",
            "id",
            "url",
            "secret",
            "events",
            "active",
            "created_at",
            "created_by",
        ],
    ),
    (
        "webhook_deliveries",
        &[
            "tenant_id",
            "id",
            "endpoint_id",
            "event_type",
            "event_id",
            "payload",
            "status",
            "attempts",
            "next_attempt_at",
            "last_status_code",
            "last_error",
            "created_at",
            "delivered_at",
        ],
    ),
    (
        "fraud_thresholds",
        &[
            "tenant_id",
            "currency",
            "monthly_minor",
            "updated_by",
            "updated_at",
        ],
    ),
    (
        "login_events",
        &[
            "tenant_id",
            "id",
            "account_fingerprint",
            "success",
            "ip",
            "ip_prefix",
            "device_id",
            "user_agent",
            "decision",
            "score",
            "reasons",
            "at",
            "recorded_at",
            "livemode",
        ],
    ),
    (
        "payment_attempts",
        &[
            "tenant_id",
            "id",
            "card_fingerprint",
            "bin",
            "last4",
            "brand",
            "issuer_country",
            "amount_minor",
            "currency",
            "result",
            "decline_code",
            "three_ds_status",
            "three_ds_flow",
            "eci",
            "ip",
            "device_id",
            "account_fingerprint",
            "order_id",
            "decision",
            "score",
            "reasons",
            "attempted_at",
            "recorded_at",
            "livemode",
        ],
    ),
    (
        "card_testing_alerts",
        &[
            "tenant_id",
            "id",
            "source_kind",
            "source_value",
            "display",
            "window_secs",
            "failures",
            "attempts",
            "failure_rate",
            "detected_at",
            "active_until",
            "kind",
            "ip_prefix",
            "acknowledged_at",
            "acknowledged_by",
            "resolved_at",
            "resolved_by",
            "livemode",
        ],
    ),
    (
        "idempotency_keys",
        &[
            "tenant_id",
            "operation",
            "key",
            "request_hash",
            "response_status",
            "response_body",
            "created_at",
        ],
    ),
    (
        "velocity_counts",
        &[
            "tenant_id",
            "key_kind",
            "key",
            "bucket_secs",
            "bucket_start",
            "orders",
        ],
    ),
    (
        "velocity_values",
        &[
            "tenant_id",
            "key_kind",
            "key",
            "counted_kind",
            "bucket_secs",
            "bucket_start",
            "value",
            "orders",
        ],
    ),
    (
        "velocity_sketches",
        &[
            "tenant_id",
            "key_kind",
            "key",
            "counted_kind",
            "bucket_secs",
            "bucket_start",
            "sketch",
        ],
    ),
    ("consortium_changes", &["seq", "fingerprint", "logged_at"]),
    (
        "attempt_counts",
        &[
            "tenant_id",
            "livemode",
            "source_kind",
            "source",
            "bucket_secs",
            "bucket_start",
            "shard",
            "attempts",
            "failures",
        ],
    ),
    (
        "consortium_summaries",
        &[
            "fingerprint",
            "kind",
            "tenant_id",
            "shared",
            "reports",
            "categories",
            "first_reported_at",
            "last_reported_at",
        ],
    ),
    (
        "test_consortium_entries",
        &[
            "tenant_id",
            "fingerprint",
            "kind",
            "report_id",
            "category",
            "reported_at",
        ],
    ),
];
