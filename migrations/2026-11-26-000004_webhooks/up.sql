-- Webhooks: HTTPS endpoints a tenant registers, and the log of deliveries to them. A delivery is
-- written in the same transaction as the event that causes it (a review decision, a consortium
-- match), so an event goes out only if its cause commits; the dispatcher sends it afterwards,
-- retrying with backoff (see docs/WEBHOOKS.md).

CREATE TABLE webhook_endpoints (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    url text NOT NULL CHECK (length(url) <= 2048),
    -- `whsec_` and 64 hex digits: the key the deliveries are signed with (HMAC-SHA256). It is
    -- the tenant's own secret, shown once at creation; signing needs it, so it is stored.
    secret text NOT NULL CHECK (secret ~ '^whsec_[0-9a-f]{64}$'),
    -- Subscribed event types; empty means every event.
    events text[] NOT NULL DEFAULT '{}' CHECK (cardinality(events) <= 32),
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE webhook_deliveries (
    tenant_id uuid NOT NULL,
    -- UUIDv7: the log's order (newest first) and its cursor.
    id uuid NOT NULL,
    endpoint_id uuid NOT NULL,
    event_type text NOT NULL,
    -- One event delivered to several endpoints keeps one id.
    event_id uuid NOT NULL,
    -- The whole event as sent: {id, type, created_at, tenant_id, data}.
    payload jsonb NOT NULL,
    -- pending: not tried yet; failed: the last try failed and another is due at next_attempt_at;
    -- succeeded: a 2xx answer; dead: every try failed, no more.
    status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'succeeded', 'failed', 'dead')),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_status_code integer,
    last_error text CHECK (length(last_error) <= 500),
    created_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id)
        ON DELETE CASCADE
);
-- The dispatcher's question: what is due, across tenants.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE status IN ('pending', 'failed');
-- The delivery log of one endpoint, newest first.
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (tenant_id, endpoint_id, id DESC);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['webhook_endpoints', 'webhook_deliveries'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
            'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
            t || '_tenant', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints, webhook_deliveries TO sekisho_app;
