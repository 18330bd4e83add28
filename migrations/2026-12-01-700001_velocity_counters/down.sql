DROP FUNCTION sekisho_prune_velocity(interval);
DROP FUNCTION sekisho_order_velocity(uuid, text, text[], text[], bytea[], text[], bytea[],
                                     integer[], integer[]);
DROP FUNCTION sekisho_store_order_identifiers(uuid, uuid, timestamptz, text[], bytea[], text[],
                                              text[], integer[], integer);
DROP FUNCTION sekisho_velocity_deltas(uuid, uuid, timestamptz, text[], bytea[], text[], text[],
                                      integer[]);
DROP FUNCTION sekisho_velocity_bucket(timestamptz, integer);
DROP TABLE velocity_sketches;
DROP TABLE velocity_values;
DROP TABLE velocity_counts;
