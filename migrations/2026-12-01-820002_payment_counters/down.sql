CREATE OR REPLACE FUNCTION sekisho_prune_velocity(older_than interval) RETURNS bigint
    LANGUAGE plpgsql
AS $$
DECLARE
    removed bigint := 0;
    n bigint;
BEGIN
    DELETE FROM velocity_counts WHERE bucket_start < now() - older_than;
    GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
    DELETE FROM velocity_values WHERE bucket_start < now() - older_than;
    GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
    DELETE FROM velocity_sketches WHERE bucket_start < now() - older_than;
    GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
    RETURN removed;
END
$$;
DROP TRIGGER payment_attempts_count ON payment_attempts;
DROP FUNCTION sekisho_payment_velocity(uuid, timestamptz, inet, text, bytea, text, boolean);
DROP FUNCTION sekisho_count_payment_attempt();
DROP FUNCTION sekisho_count_attempt(uuid, boolean, uuid, timestamptz, inet, text, bytea, text,
                                    boolean, integer);
DROP FUNCTION sekisho_attempt_sources(inet, text, bytea, text);
DROP TABLE attempt_counts;
