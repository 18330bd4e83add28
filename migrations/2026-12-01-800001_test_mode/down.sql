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

DROP TABLE test_consortium_entries;
ALTER TABLE card_testing_alerts DROP COLUMN livemode;
DELETE FROM login_events WHERE NOT livemode;
ALTER TABLE login_events DROP COLUMN livemode;
DELETE FROM payment_attempts WHERE NOT livemode;
ALTER TABLE payment_attempts DROP COLUMN livemode;
DROP INDEX fraud_reports_listing;
DELETE FROM fraud_reports WHERE NOT livemode;
ALTER TABLE fraud_reports DROP COLUMN livemode;
CREATE INDEX fraud_reports_listing ON fraud_reports (tenant_id, reported_at DESC, id DESC);
DROP INDEX orders_recent;
DELETE FROM orders WHERE NOT livemode;
ALTER TABLE orders DROP CONSTRAINT orders_tenant_id_merchant_order_id_livemode_key;
ALTER TABLE orders DROP COLUMN livemode;
ALTER TABLE orders ADD CONSTRAINT orders_tenant_id_merchant_order_id_key UNIQUE (tenant_id, merchant_order_id);
CREATE INDEX orders_recent ON orders (tenant_id, scored_at DESC);
DELETE FROM api_keys WHERE NOT livemode;
ALTER TABLE api_keys DROP COLUMN livemode;
