-- Test mode (docs/TESTING.md): test keys (`sk_test_…`) score, report and look up like live
-- keys, but what they write is kept apart from live data. Every row a test key writes carries
-- `livemode = false`; live reads filter on `livemode = true`. Test reports never enter the
-- consortium: their fingerprints go to `test_consortium_entries`, which only the reporting
-- tenant's own test lookups read, so the consortium filter, the `consortium_changes` feed and
-- every live lookup never see them.

ALTER TABLE api_keys ADD COLUMN livemode boolean NOT NULL DEFAULT true;

ALTER TABLE orders ADD COLUMN livemode boolean NOT NULL DEFAULT true;
-- A test order may reuse a live order's merchant id without replacing it.
ALTER TABLE orders DROP CONSTRAINT orders_tenant_id_merchant_order_id_key;
ALTER TABLE orders ADD CONSTRAINT orders_tenant_id_merchant_order_id_livemode_key
    UNIQUE (tenant_id, merchant_order_id, livemode);
DROP INDEX orders_recent;
CREATE INDEX orders_recent ON orders (tenant_id, livemode, scored_at DESC);

ALTER TABLE fraud_reports ADD COLUMN livemode boolean NOT NULL DEFAULT true;
DROP INDEX fraud_reports_listing;
CREATE INDEX fraud_reports_listing ON fraud_reports (tenant_id, livemode, reported_at DESC, id DESC);

ALTER TABLE payment_attempts ADD COLUMN livemode boolean NOT NULL DEFAULT true;
ALTER TABLE login_events ADD COLUMN livemode boolean NOT NULL DEFAULT true;
ALTER TABLE card_testing_alerts ADD COLUMN livemode boolean NOT NULL DEFAULT true;

-- A test report's fingerprints: the tenant's own, never shared, never in the consortium.
CREATE TABLE test_consortium_entries (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    fingerprint bytea NOT NULL CHECK (length(fingerprint) = 32),
    kind text NOT NULL,
    report_id uuid NOT NULL,
    category text NOT NULL,
    reported_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, fingerprint, kind, report_id),
    FOREIGN KEY (tenant_id, report_id) REFERENCES fraud_reports (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX test_consortium_entries_report ON test_consortium_entries (tenant_id, report_id);
ALTER TABLE test_consortium_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE test_consortium_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY test_consortium_entries_tenant ON test_consortium_entries
    USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())
    WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());
GRANT SELECT, INSERT, DELETE ON test_consortium_entries TO sekisho_app;

-- The key's mode comes with its authentication (cached with the key, no round trip of its own).
DROP FUNCTION sekisho_authenticate_api_key(bytea);
CREATE FUNCTION sekisho_authenticate_api_key(hash bytea)
    RETURNS TABLE (tenant_id uuid, key_id uuid, revoked boolean, requests_per_second integer,
                   livemode boolean)
    LANGUAGE sql
    SET app.scope = 'platform'
    AS $$
    WITH key AS (
        SELECT k.tenant_id, k.id, k.revoked_at, k.last_used_at, k.livemode FROM api_keys k
        WHERE k.secret_hash = hash
    ), touched AS (
        UPDATE api_keys k SET last_used_at = now()
        FROM key
        WHERE k.tenant_id = key.tenant_id AND k.id = key.id AND key.revoked_at IS NULL
          AND (key.last_used_at IS NULL OR key.last_used_at < now() - interval '60 seconds')
        RETURNING k.id
    )
    SELECT key.tenant_id, key.id, key.revoked_at IS NOT NULL, t.api_key_requests_per_second,
           key.livemode
    FROM key JOIN tenants t ON t.id = key.tenant_id
$$;
GRANT EXECUTE ON FUNCTION sekisho_authenticate_api_key(bytea) TO sekisho_app;
