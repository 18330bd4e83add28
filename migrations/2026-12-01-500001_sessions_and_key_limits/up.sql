-- Staff and admin sessions held server-side, so that signing out (or an operator) ends a session
-- at once on every replica; and a per-tenant rate limit for API keys.

CREATE TABLE sessions (
    id uuid PRIMARY KEY,
    -- NULL for platform admins' sessions, which only the platform scope reaches.
    tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
    subject_kind text NOT NULL CHECK (subject_kind IN ('user', 'admin')),
    subject_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    refreshed_at timestamptz NOT NULL DEFAULT now(),
    -- The absolute end: refreshing never extends a session past it.
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    CHECK ((subject_kind = 'admin') = (tenant_id IS NULL))
);
CREATE INDEX sessions_subject ON sessions (subject_id);
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY sessions_tenant ON sessions FOR ALL
    USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())
    WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO sekisho_app;

-- One round trip per signed-in request: whether the session is live, and the account's current
-- role (so that a role change applies at once). No row: no such session.
CREATE FUNCTION sekisho_session_status(session_id uuid)
    RETURNS TABLE (tenant_id uuid, subject_id uuid, role text, live boolean)
    LANGUAGE sql STABLE
    SET app.scope = 'platform'
    AS $$
    SELECT s.tenant_id, s.subject_id, u.role,
           s.revoked_at IS NULL AND s.expires_at > now()
           AND CASE WHEN s.subject_kind = 'admin'
                    THEN EXISTS (SELECT 1 FROM platform_admins a WHERE a.id = s.subject_id)
                    ELSE u.id IS NOT NULL END
    FROM sessions s
    LEFT JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.subject_id
    WHERE s.id = session_id
$$;
GRANT EXECUTE ON FUNCTION sekisho_session_status(uuid) TO sekisho_app;

-- Requests per second each of the tenant's API keys may send (across all replicas); NULL: the
-- server's default (SEKISHO_API_KEY_REQUESTS_PER_SECOND).
ALTER TABLE tenants ADD COLUMN api_key_requests_per_second integer
    CHECK (api_key_requests_per_second > 0);

-- The key's tenant limit comes with its authentication, so that it is cached with the key and
-- costs no round trip of its own.
DROP FUNCTION sekisho_authenticate_api_key(bytea);
CREATE FUNCTION sekisho_authenticate_api_key(hash bytea)
    RETURNS TABLE (tenant_id uuid, key_id uuid, revoked boolean, requests_per_second integer)
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
    SELECT key.tenant_id, key.id, key.revoked_at IS NOT NULL, t.api_key_requests_per_second
    FROM key JOIN tenants t ON t.id = key.tenant_id
$$;
GRANT EXECUTE ON FUNCTION sekisho_authenticate_api_key(bytea) TO sekisho_app;
