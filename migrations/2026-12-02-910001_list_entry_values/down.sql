ALTER TABLE tenant_lists DROP COLUMN sealed_value;
