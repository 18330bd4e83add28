-- The identifiers' foreign key to `orders` is checked for every identifier row the writer stores
-- (about eleven per order), each check a query on the partitioned `orders` whose set-up, not its
-- probe, is the cost: 22,000 rows stored in 0.26-0.32 s without the key and 1.65-1.94 s with it
-- on the benchmark's seed (docs/BENCHMARKS.md). The writer stores identifiers only for the
-- orders it stored a moment earlier in the same transaction, so the check guards nothing it
-- could get wrong. What the key also did, deleting an order's identifiers with the order, a row
-- trigger does now: it fires however the order goes (a tenant's retention purge, a cascade from
-- the tenant, a delete on one partition); retention's drop of a whole month deletes the month's
-- identifiers itself, as before.
ALTER TABLE order_identifiers DROP CONSTRAINT order_identifiers_tenant_id_order_id_fkey;

CREATE FUNCTION sekisho_delete_order_identifiers() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM order_identifiers i WHERE i.tenant_id = OLD.tenant_id AND i.order_id = OLD.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER orders_delete_identifiers
    AFTER DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION sekisho_delete_order_identifiers();
