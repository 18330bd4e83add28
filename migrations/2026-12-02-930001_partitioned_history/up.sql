-- History partitioned by time (docs/OPERATIONS.md, "Partitioned history"): payment attempts,
-- login events, webhook deliveries and the audit log become declaratively partitioned tables,
-- one partition per calendar month (UTC) of their time column, plus a default partition so that
-- no insert ever fails for want of a partition. Retention then drops whole months (DETACH, DROP)
-- instead of deleting rows. The server creates the months ahead (`sekisho partitions ensure`).
--
-- Monthly, not weekly: the busiest of these tables holds some hundred thousand rows a day for a
-- large tenant, a month of it is a partition whose indexes still fit in memory, and retention
-- is counted in months; weekly partitions would multiply by four the partitions every query
-- without a time filter (a lookup by id) has to probe.
--
-- PostgreSQL requires the partition key in every unique constraint, so the primary keys become
-- (tenant_id, id, <time>) — tenant_id stays first for Citus. Ids are UUIDv7 made by the server
-- (bigint from a sequence for the audit log), so they stay unique in practice; lookups by
-- (tenant_id, id) still use each partition's primary-key index. Nothing references these tables.

-- The partitioned history tables and their partition key, for the maintenance functions.
CREATE FUNCTION sekisho_history_tables()
RETURNS TABLE (parent text, time_column text)
    LANGUAGE sql IMMUTABLE
AS $$
    VALUES ('audit_log', 'at'), ('login_events', 'at'), ('payment_attempts', 'attempted_at'),
           ('webhook_deliveries', 'created_at')
$$;

-- The partition of `p_parent` for the month starting at `p_month` (UTC), unless it exists.
-- Returns its name when it was created, NULL when it existed already or when the default
-- partition holds rows of that month (creating it would fail; those rows stay where they are and
-- the month is reported by `sekisho partitions list`). A partition gets its parent's row-level
-- security (enabled, forced, the same tenant policy) and no grant: the application reaches
-- rows only through the parent.
CREATE FUNCTION sekisho_create_partition(p_parent text, p_month date) RETURNS text
    LANGUAGE plpgsql
    SET app.scope = 'platform'
AS $$
DECLARE
    from_at timestamptz := date_trunc('month', p_month)::timestamp AT TIME ZONE 'UTC';
    to_at timestamptz := (date_trunc('month', p_month) + interval '1 month')::timestamp AT TIME ZONE 'UTC';
    name text := format('%s_p%s', p_parent, to_char(date_trunc('month', p_month), 'YYYY_MM'));
    time_column text;
    in_default boolean;
BEGIN
    SELECT h.time_column INTO time_column FROM sekisho_history_tables() h WHERE h.parent = p_parent;
    IF time_column IS NULL THEN
        RAISE EXCEPTION '% is not a partitioned history table', p_parent;
    END IF;
    IF to_regclass(name) IS NOT NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I >= $1 AND %I < $2)',
                   p_parent || '_default', time_column, time_column)
        INTO in_default USING from_at, to_at;
    IF in_default THEN
        RAISE NOTICE 'partition % not created: the default partition holds rows of that month', name;
        RETURN NULL;
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                   name, p_parent, from_at, to_at);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', name);
    EXECUTE format(
        'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
        'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
        name || '_tenant', name);
    RETURN name;
END
$$;

-- Creates the partitions of every history table from the month before the current one (UTC) to
-- `p_months_ahead` months ahead; returns those it created. The month before matters on a new
-- database only (it is the current month of the month before otherwise): events dated a few days
-- back by the merchant then land in their month, not in the default partition. Idempotent, and
-- replicas may run it together: an advisory lock (held to the end of the transaction) makes a
-- second runner wait for the first, then find its partitions.
CREATE FUNCTION sekisho_ensure_partitions(p_months_ahead integer)
RETURNS TABLE (parent text, partition text)
    LANGUAGE plpgsql
AS $$
DECLARE
    t record;
    m integer;
    created text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('sekisho_history_partitions'));
    IF p_months_ahead < 0 OR p_months_ahead > 24 THEN
        RAISE EXCEPTION 'months ahead must be 0 to 24, not %', p_months_ahead;
    END IF;
    FOR t IN SELECT * FROM sekisho_history_tables() LOOP
        FOR m IN -1..p_months_ahead LOOP
            created := sekisho_create_partition(
                t.parent, (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => m))::date);
            IF created IS NOT NULL THEN
                parent := t.parent;
                partition := created;
                RETURN NEXT;
            END IF;
        END LOOP;
    END LOOP;
END
$$;

-- Every partition of the history tables with its bounds (NULL for the default partition) and
-- the planner's estimate of its rows (-1 before it was first analysed).
CREATE FUNCTION sekisho_history_partitions()
RETURNS TABLE (parent text, partition text, from_at timestamptz, to_at timestamptz,
               estimated_rows bigint)
    LANGUAGE sql STABLE
AS $$
    SELECT p.relname::text, c.relname::text,
           substring(pg_get_expr(c.relpartbound, c.oid) FROM 'FROM \(''([^'']+)''\)')::timestamptz,
           substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)')::timestamptz,
           c.reltuples::bigint
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    JOIN pg_namespace n ON n.oid = p.relnamespace
    WHERE n.nspname = current_schema() AND p.relname IN (SELECT h.parent FROM sekisho_history_tables() h)
    ORDER BY 1, 3 NULLS FIRST
$$;

-- Retention: every monthly partition whose whole month ended at or before `p_cutoff` is detached
-- and dropped (no row-by-row delete, no dead tuples, no vacuum); younger months are kept whole.
-- Rows older than the cut-off in the default partition (stragglers from before the partitions
-- existed) are deleted there. Returns what was removed: a partition with its estimated rows, or
-- `<parent>_default` with the exact number of rows deleted.
CREATE FUNCTION sekisho_drop_partitions_before(p_cutoff timestamptz)
RETURNS TABLE (parent text, partition text, rows_removed bigint)
    LANGUAGE plpgsql
    SET app.scope = 'platform'
AS $$
DECLARE
    p record;
    t record;
    n bigint;
BEGIN
    IF p_cutoff > now() - interval '28 days' THEN
        RAISE EXCEPTION 'retention must keep at least the last 28 days (cut-off %)', p_cutoff;
    END IF;
    -- One runner at a time (every replica applies the retention hourly).
    PERFORM pg_advisory_xact_lock(hashtext('sekisho_history_partitions'));
    FOR p IN SELECT * FROM sekisho_history_partitions() h
             WHERE h.to_at IS NOT NULL AND h.to_at <= p_cutoff LOOP
        EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', p.parent, p.partition);
        EXECUTE format('DROP TABLE %I', p.partition);
        parent := p.parent;
        partition := p.partition;
        rows_removed := greatest(p.estimated_rows, 0);
        RETURN NEXT;
    END LOOP;
    FOR t IN SELECT * FROM sekisho_history_tables() LOOP
        EXECUTE format('DELETE FROM %I WHERE %I < $1', t.parent || '_default', t.time_column)
            USING p_cutoff;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN
            parent := t.parent;
            partition := t.parent || '_default';
            rows_removed := n;
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;

-- Moving the rows: each table is renamed, its partitioned successor created with the same
-- columns, checks and defaults, given a default partition and one partition per month that
-- holds rows (so the rows do not all land in the default) plus the next three months, filled,
-- and the old table dropped. The owner is subject to forced row-level security where it is not
-- a superuser.
SELECT set_config('app.scope', 'platform', true);

CREATE FUNCTION pg_temp.sekisho_partition_history_table(p_table text, p_time_column text)
RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    month date;
BEGIN
    EXECUTE format('ALTER TABLE %I RENAME TO %I', p_table, p_table || '_unpartitioned');
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS '
                   'INCLUDING GENERATED INCLUDING COMMENTS) PARTITION BY RANGE (%I)',
                   p_table, p_table || '_unpartitioned', p_time_column);
    EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', p_table || '_default', p_table);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', p_table || '_default');
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', p_table || '_default');
    EXECUTE format(
        'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
        'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
        p_table || '_default_tenant', p_table || '_default');
    FOR month IN EXECUTE format(
        'SELECT DISTINCT date_trunc(''month'', %I AT TIME ZONE ''UTC'')::date FROM %I',
        p_time_column, p_table || '_unpartitioned') LOOP
        PERFORM sekisho_create_partition(p_table, month);
    END LOOP;
    -- Triggers are created after the copy: copied attempts are counted already.
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', p_table, p_table || '_unpartitioned');
    EXECUTE format('DROP TABLE %I', p_table || '_unpartitioned');
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', p_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', p_table);
    EXECUTE format(
        'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
        'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
        p_table || '_tenant', p_table);
END
$$;

-- The audit log's id was an identity column, which PostgreSQL 15 does not allow on a
-- partitioned table: a sequence continuing from the last id takes its place.
CREATE SEQUENCE audit_log_id_seq_partitioned;
SELECT setval('audit_log_id_seq_partitioned', coalesce((SELECT max(id) FROM audit_log), 0) + 1, false);
SELECT pg_temp.sekisho_partition_history_table('audit_log', 'at');
ALTER SEQUENCE audit_log_id_seq_partitioned RENAME TO audit_log_id_seq;
ALTER TABLE audit_log ALTER COLUMN id SET DEFAULT nextval('audit_log_id_seq');
ALTER SEQUENCE audit_log_id_seq OWNED BY audit_log.id;
ALTER TABLE audit_log ADD PRIMARY KEY (id, at);
ALTER TABLE audit_log ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE SET NULL;
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC);
GRANT SELECT, INSERT ON audit_log TO sekisho_app;
GRANT USAGE ON SEQUENCE audit_log_id_seq TO sekisho_app;

SELECT pg_temp.sekisho_partition_history_table('login_events', 'at');
ALTER TABLE login_events ADD PRIMARY KEY (tenant_id, id, at);
ALTER TABLE login_events ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
CREATE INDEX login_events_account ON login_events (tenant_id, account_fingerprint, at);
CREATE INDEX login_events_ip ON login_events (tenant_id, ip, at);
CREATE INDEX login_events_device ON login_events (tenant_id, device_id, at)
    WHERE device_id IS NOT NULL;
CREATE INDEX login_events_at ON login_events (tenant_id, at);
GRANT SELECT, INSERT, UPDATE, DELETE ON login_events TO sekisho_app;

SELECT pg_temp.sekisho_partition_history_table('payment_attempts', 'attempted_at');
ALTER TABLE payment_attempts ADD PRIMARY KEY (tenant_id, id, attempted_at);
ALTER TABLE payment_attempts ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
CREATE INDEX payment_attempts_at ON payment_attempts (tenant_id, attempted_at) INCLUDE (result);
CREATE INDEX payment_attempts_ip ON payment_attempts (tenant_id, ip, attempted_at)
    WHERE ip IS NOT NULL;
CREATE INDEX payment_attempts_device ON payment_attempts (tenant_id, device_id, attempted_at)
    WHERE device_id IS NOT NULL;
CREATE INDEX payment_attempts_account ON payment_attempts (tenant_id, account_fingerprint, attempted_at)
    WHERE account_fingerprint IS NOT NULL;
CREATE INDEX payment_attempts_bin ON payment_attempts (tenant_id, bin, attempted_at)
    WHERE bin IS NOT NULL;
CREATE TRIGGER payment_attempts_count
    AFTER INSERT OR UPDATE OR DELETE ON payment_attempts
    FOR EACH ROW EXECUTE FUNCTION sekisho_count_payment_attempt();
GRANT SELECT, INSERT, UPDATE, DELETE ON payment_attempts TO sekisho_app;

SELECT pg_temp.sekisho_partition_history_table('webhook_deliveries', 'created_at');
ALTER TABLE webhook_deliveries ADD PRIMARY KEY (tenant_id, id, created_at);
ALTER TABLE webhook_deliveries ADD FOREIGN KEY (tenant_id, endpoint_id)
    REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE status IN ('pending', 'failed');
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (tenant_id, endpoint_id, id DESC);
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO sekisho_app;

DROP FUNCTION pg_temp.sekisho_partition_history_table(text, text);

-- The months ahead, so that the first inserts after the upgrade land in their month.
SELECT count(*) FROM sekisho_ensure_partitions(3);
