DROP FUNCTION sekisho_store_orders_identifiers(
    uuid[], uuid[], timestamptz[], boolean[], integer[], text[], bytea[], text[], text[],
    integer[], integer);
