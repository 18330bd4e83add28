-- Foundation: tenants, staff accounts, API keys and the audit log, under row-level security.
--
-- The application never queries as the owner: every pooled connection does `SET ROLE
-- sekisho_app`, an ordinary role without BYPASSRLS, and every tenant table forces RLS. The tenant
-- is set per transaction with set_config('app.tenant_id', …, true); platform-wide reads set
-- app.scope = 'platform' in explicit, audited code paths.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sekisho_app') THEN
        CREATE ROLE sekisho_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;
-- The owner must be able to become the application role (a superuser always can).
DO $$
BEGIN
    IF NOT pg_has_role(current_user, 'sekisho_app', 'MEMBER') THEN
        EXECUTE format('GRANT sekisho_app TO %I', current_user);
    END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO sekisho_app;

-- '' (not NULL) is what current_setting returns after a transaction-local setting has ended.
CREATE FUNCTION sekisho_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE FUNCTION sekisho_platform_scope() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(current_setting('app.scope', true), '') = 'platform' $$;

CREATE TABLE tenants (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    contributes boolean NOT NULL DEFAULT true,
    consumes boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
-- A tenant sees its own row; only the platform creates or changes tenants.
CREATE POLICY tenants_read ON tenants FOR SELECT
    USING (id = sekisho_current_tenant() OR sekisho_platform_scope());
CREATE POLICY tenants_write ON tenants FOR ALL
    USING (sekisho_platform_scope()) WITH CHECK (sekisho_platform_scope());

CREATE TABLE platform_admins (
    id uuid PRIMARY KEY,
    email text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE platform_admins ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_admins FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_admins_platform ON platform_admins FOR ALL
    USING (sekisho_platform_scope()) WITH CHECK (sekisho_platform_scope());

CREATE TABLE users (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    email text NOT NULL,
    password_hash text NOT NULL,
    role text NOT NULL CHECK (role IN ('owner', 'analyst', 'reviewer')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
-- One login email, one account, across all tenants: login asks only for email and password.
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE api_keys (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    prefix text NOT NULL,
    secret_hash bytea NOT NULL CHECK (length(secret_hash) = 32),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX api_keys_secret_hash_key ON api_keys (secret_hash);

CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid REFERENCES tenants (id) ON DELETE SET NULL,
    at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL,
    action text NOT NULL,
    target text,
    details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'api_keys', 'audit_log'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
            'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
            t || '_tenant', t);
    END LOOP;
END
$$;

-- Resolves an API key by its hash for any tenant, in one round trip, and records its use at
-- most once a minute so that a busy key does not rewrite its row on every request.
CREATE FUNCTION sekisho_authenticate_api_key(hash bytea)
    RETURNS TABLE (tenant_id uuid, key_id uuid, revoked boolean)
    LANGUAGE sql
    SET app.scope = 'platform'
    AS $$
    WITH key AS (
        SELECT k.tenant_id, k.id, k.revoked_at, k.last_used_at FROM api_keys k WHERE k.secret_hash = hash
    ), touched AS (
        UPDATE api_keys k SET last_used_at = now()
        FROM key
        WHERE k.tenant_id = key.tenant_id AND k.id = key.id AND key.revoked_at IS NULL
          AND (key.last_used_at IS NULL OR key.last_used_at < now() - interval '60 seconds')
        RETURNING k.id
    )
    SELECT key.tenant_id, key.id, key.revoked_at IS NOT NULL FROM key
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, platform_admins, users, api_keys TO sekisho_app;
-- The audit log is append-only for the application.
GRANT SELECT, INSERT ON audit_log TO sekisho_app;
GRANT EXECUTE ON FUNCTION sekisho_current_tenant(), sekisho_platform_scope(),
    sekisho_authenticate_api_key(bytea) TO sekisho_app;
