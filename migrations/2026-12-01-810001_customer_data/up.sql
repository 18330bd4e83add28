-- The tenant's own customer data (name, kana, email, phone, addresses; never the card), sealed
-- in Rust under the data key held outside the database (XChaCha20-Poly1305, bound to tenant and
-- merchant order id). NULL: none sent, or purged after the tenant's retention period.
ALTER TABLE orders ADD COLUMN customer_data bytea;

-- How long a tenant keeps it, and whether its API keys may read it back
-- (`GET /v1/orders/{id}` → `customer`).
ALTER TABLE tenants
    ADD COLUMN customer_data_retention_days integer NOT NULL DEFAULT 180
        CHECK (customer_data_retention_days BETWEEN 1 AND 3650),
    ADD COLUMN api_keys_read_customer_data boolean NOT NULL DEFAULT false;
