-- The fraud-exposure figure starts from an order's chargeback and from reports naming an order
-- (crates/store/src/analytics.rs, `losses_sql`).
CREATE INDEX orders_chargebacks ON orders (tenant_id, ordered_at) WHERE chargeback_at IS NOT NULL;
CREATE INDEX fraud_reports_order ON fraud_reports (tenant_id, order_id)
    WHERE order_id IS NOT NULL AND retracted_at IS NULL;
