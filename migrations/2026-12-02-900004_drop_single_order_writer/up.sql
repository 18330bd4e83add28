-- Every order's identifiers are written by the batched `sekisho_store_orders_identifiers`
-- (2026-12-02-900001), a single order as a batch of one: the per-order writer is unused.
DROP FUNCTION sekisho_store_order_identifiers(
    uuid, uuid, timestamptz, text[], bytea[], text[], text[], integer[], integer);
