ALTER TABLE tenants
    DROP COLUMN api_keys_read_customer_data,
    DROP COLUMN customer_data_retention_days;
ALTER TABLE orders DROP COLUMN customer_data;
