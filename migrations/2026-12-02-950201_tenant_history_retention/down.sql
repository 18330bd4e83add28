DROP FUNCTION sekisho_purge_tenant_history(integer);
ALTER TABLE tenants DROP COLUMN history_retention_months;
