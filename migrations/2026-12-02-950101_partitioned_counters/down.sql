-- Back to plain tables, keeping every bucket (weekly and default partitions alike), and back to
-- the row DELETE of 2026-12-01-820002 and the read's default plans.
SELECT set_config('app.scope', 'platform', true);

ALTER FUNCTION sekisho_order_velocity(uuid, text, text[], text[], bytea[], text[], bytea[],
                                      integer[], integer[])
    RESET plan_cache_mode;

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
    DELETE FROM attempt_counts WHERE bucket_start < now() - older_than;
    GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
    RETURN removed;
END
$$;

CREATE FUNCTION pg_temp.sekisho_unpartition_counter_table(p_table text) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('ALTER TABLE %I RENAME TO %I', p_table, p_table || '_partitioned');
    EXECUTE format('ALTER INDEX %I RENAME TO %I', p_table || '_pkey', p_table || '_partitioned_pkey');
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS '
                   'INCLUDING GENERATED INCLUDING COMMENTS INCLUDING INDEXES) '
                   'WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02, '
                   'autovacuum_analyze_scale_factor = 0.05, autovacuum_vacuum_cost_delay = 1)',
                   p_table, p_table || '_partitioned');
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', p_table, p_table || '_partitioned');
    EXECUTE format('DROP TABLE %I', p_table || '_partitioned');
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', p_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', p_table);
    EXECUTE format(
        'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
        'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
        p_table || '_tenant', p_table);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO sekisho_app', p_table);
END
$$;

SELECT pg_temp.sekisho_unpartition_counter_table('velocity_counts');
SELECT pg_temp.sekisho_unpartition_counter_table('velocity_values');
SELECT pg_temp.sekisho_unpartition_counter_table('velocity_sketches');
SELECT pg_temp.sekisho_unpartition_counter_table('attempt_counts');
DROP FUNCTION pg_temp.sekisho_unpartition_counter_table(text);

DROP FUNCTION sekisho_drop_counter_partitions_before(timestamptz);
DROP FUNCTION sekisho_counter_partitions();
DROP FUNCTION sekisho_ensure_counter_partitions(integer);
DROP FUNCTION sekisho_create_counter_partition(text, date);
DROP FUNCTION sekisho_counter_tables();
