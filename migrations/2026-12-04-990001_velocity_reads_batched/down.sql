DROP FUNCTION sekisho_orders_velocity(
    uuid[], text[], integer[], text[], text[], bytea[], text[], bytea[], integer[], integer[]);
