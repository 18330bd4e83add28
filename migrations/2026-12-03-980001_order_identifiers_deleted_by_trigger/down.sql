DROP TRIGGER orders_delete_identifiers ON orders;
DROP FUNCTION sekisho_delete_order_identifiers();
SELECT set_config('app.scope', 'platform', true);
-- Identifiers left by an order deleted while the key was away would refuse the key.
DELETE FROM order_identifiers i
WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.tenant_id = i.tenant_id AND o.id = i.order_id);
ALTER TABLE order_identifiers ADD FOREIGN KEY (tenant_id, order_id)
    REFERENCES orders (tenant_id, id) ON DELETE CASCADE;
