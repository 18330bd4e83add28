-- Analytics: each tenant's fraud-prone-merchant threshold per currency (the card industry's
-- ¥500,000 a month for three consecutive months by default), and indexes for the monthly and
-- daily aggregates.

CREATE TABLE fraud_thresholds (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    monthly_minor bigint NOT NULL CHECK (monthly_minor > 0),
    updated_by text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, currency)
);
ALTER TABLE fraud_thresholds ENABLE ROW LEVEL SECURITY;
ALTER TABLE fraud_thresholds FORCE ROW LEVEL SECURITY;
CREATE POLICY fraud_thresholds_tenant ON fraud_thresholds FOR ALL
    USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())
    WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());
GRANT SELECT, INSERT, UPDATE, DELETE ON fraud_thresholds TO sekisho_app;

CREATE INDEX fraud_reports_exposure ON fraud_reports (tenant_id, occurred_at) WHERE retracted_at IS NULL;
CREATE INDEX orders_reviewed ON orders (tenant_id, reviewed_at) WHERE reviewed_at IS NOT NULL;
