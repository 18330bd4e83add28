//! Diesel's view of the tables in `migrations/`. Kept in step with the SQL by the store's
//! schema test, which compares these columns with `information_schema`.

diesel::table! {
    tenants (id) {
        id -> Uuid,
        name -> Text,
        contributes -> Bool,
        consumes -> Bool,
        created_at -> Timestamptz,
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

diesel::joinable!(users -> tenants (tenant_id));
diesel::joinable!(api_keys -> tenants (tenant_id));
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
        &["id", "name", "contributes", "consumes", "created_at"],
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
];
