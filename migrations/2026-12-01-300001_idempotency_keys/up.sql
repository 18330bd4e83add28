-- Idempotency-Key claims: one row per (tenant, operation, key), inserted in the request's own
-- transaction before any work. A concurrent duplicate's insert waits on the first one's
-- uncommitted row (the primary key), then reads its stored response and replays it; if the
-- first rolls back, the claim disappears with it and the duplicate does the work itself.
CREATE TABLE idempotency_keys (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- The route pattern, e.g. `POST /v1/orders/{order_id}/outcomes`.
    operation text NOT NULL CHECK (length(operation) BETWEEN 1 AND 300),
    key text NOT NULL CHECK (key ~ '^[!-~]{1,255}$'),
    -- SHA-256 of the method, the path with its query and the body: another request under a used
    -- key is refused (422 idempotency_key_reused), never answered with the first one's result.
    request_hash bytea NOT NULL CHECK (length(request_hash) = 32),
    -- The first response, exactly as sent; NULL only inside the claiming transaction.
    response_status smallint CHECK (response_status BETWEEN 100 AND 599),
    response_body bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, operation, key)
);

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_keys_tenant ON idempotency_keys FOR ALL
    USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())
    WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());

GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO sekisho_app;
