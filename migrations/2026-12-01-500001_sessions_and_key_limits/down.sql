DROP FUNCTION sekisho_authenticate_api_key(bytea);
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
GRANT EXECUTE ON FUNCTION sekisho_authenticate_api_key(bytea) TO sekisho_app;
ALTER TABLE tenants DROP COLUMN api_key_requests_per_second;
DROP FUNCTION sekisho_session_status(uuid);
DROP TABLE sessions;
