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

diesel::joinable!(users -> tenants (tenant_id));
diesel::joinable!(api_keys -> tenants (tenant_id));
diesel::allow_tables_to_appear_in_same_query!(tenants, platform_admins, users, api_keys, audit_log);

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
