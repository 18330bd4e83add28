-- The hot path's counter tables partitioned by week (docs/OPERATIONS.md, "Partitioned history"):
-- `velocity_counts`, `velocity_values`, `velocity_sketches` (order velocity, 2026-12-01-700001)
-- and `attempt_counts` (card-attempt velocity, 2026-12-01-820002) become declaratively
-- partitioned tables by RANGE (bucket_start), one partition per UTC week (Monday to Monday) plus
-- a default partition so that no counter write ever fails for want of a partition. Expiry then
-- drops whole weeks (DETACH, DROP) instead of the hourly row DELETE of every bucket older than
-- 32 days, which left an hour's worth of dead tuples every hour in tables updated in place all
-- day long.
--
-- Weeks, not days: the order velocity read bounds each metric's window by a value of its own row
-- (`bucket_start >= s.since`), which PostgreSQL 15 prunes only at run time, after every
-- partition's scan has been set up and locked — so the read's cost grows with the number of
-- partitions, not with the window. Measured on one seeded tenant (docs/OPERATIONS.md, "The
-- counter tables, by week"): about 0.6 ms unpartitioned, 1.1 ms with weekly partitions (8 per
-- table), 3 to 9 ms with daily ones (38 per table). Weekly partitions keep 32 to 39 days, which
-- for derived data of a few rows per key and bucket is the cheaper trade. The partitions are
-- kept apart from the history's (`sekisho_history_tables` and its functions): their own list,
-- creation, ensure, listing and expiry, and their own advisory lock.
--
-- Every primary key already holds bucket_start, so it stays unique across partitions and every
-- writer's `ON CONFLICT` keeps its arbiter. The tables have no other index and no foreign key.

-- The partitioned counter tables, in the order writers lock them (counts, values, sketches; the
-- attempt counters are written by other transactions).
CREATE FUNCTION sekisho_counter_tables()
RETURNS TABLE (parent text)
    LANGUAGE sql IMMUTABLE
AS $$
    VALUES ('velocity_counts'), ('velocity_values'), ('velocity_sketches'), ('attempt_counts')
$$;

-- The partition of counter table `p_parent` for the UTC week (from Monday) holding `p_day`,
-- named after that Monday, unless it exists. Returns its name when it was created, NULL when it
-- existed already or when the default partition holds buckets of that week (creating it would
-- fail; those rows stay where they are, readers still find them, and expiry deletes them there). A partition gets the parent's row-level
-- security (enabled, forced, the same tenant policy), the storage settings the counters had as
-- plain tables (a partitioned table cannot carry them: updates in place stay HOT, autovacuum
-- visits often), and no grant: the application reaches rows only through the parent.
CREATE FUNCTION sekisho_create_counter_partition(p_parent text, p_day date) RETURNS text
    LANGUAGE plpgsql
    SET app.scope = 'platform'
AS $$
DECLARE
    monday date := date_trunc('week', p_day::timestamp)::date;
    from_at timestamptz := monday::timestamp AT TIME ZONE 'UTC';
    to_at timestamptz := (monday + 7)::timestamp AT TIME ZONE 'UTC';
    name text := format('%s_p%s', p_parent, to_char(monday, 'YYYY_MM_DD'));
    in_default boolean;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM sekisho_counter_tables() t WHERE t.parent = p_parent) THEN
        RAISE EXCEPTION '% is not a partitioned counter table', p_parent;
    END IF;
    IF to_regclass(name) IS NOT NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE bucket_start >= $1 AND bucket_start < $2)',
                   p_parent || '_default')
        INTO in_default USING from_at, to_at;
    IF in_default THEN
        RAISE NOTICE 'partition % not created: the default partition holds buckets of that week', name;
        RETURN NULL;
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L) '
                   'WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02, '
                   'autovacuum_analyze_scale_factor = 0.05, autovacuum_vacuum_cost_delay = 1)',
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

-- Creates the partitions of every counter table from last week (UTC) to `p_weeks_ahead` weeks
-- after the current one; returns those it created. Last week matters on a new database only:
-- buckets just before Monday midnight then land in their week. Idempotent, and replicas may run
-- it together: an advisory lock (held to the end of the transaction) makes a second runner wait
-- for the first, then find its partitions. Creating a partition takes its parent's lock for a
-- moment: run it under a short `lock_timeout` (the server does) so that it gives up rather than
-- queue the hot path behind a long query.
CREATE FUNCTION sekisho_ensure_counter_partitions(p_weeks_ahead integer)
RETURNS TABLE (parent text, partition text)
    LANGUAGE plpgsql
AS $$
DECLARE
    t record;
    w integer;
    created text;
BEGIN
    IF p_weeks_ahead < 0 OR p_weeks_ahead > 8 THEN
        RAISE EXCEPTION 'weeks ahead must be 0 to 8, not %', p_weeks_ahead;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('sekisho_counter_partitions'));
    FOR t IN SELECT * FROM sekisho_counter_tables() LOOP
        FOR w IN -1..p_weeks_ahead LOOP
            created := sekisho_create_counter_partition(t.parent, (now() AT TIME ZONE 'UTC')::date + 7 * w);
            IF created IS NOT NULL THEN
                parent := t.parent;
                partition := created;
                RETURN NEXT;
            END IF;
        END LOOP;
    END LOOP;
END
$$;

-- Every partition of the counter tables with its bounds (NULL for the default partition) and
-- the planner's estimate of its rows (-1 before it was first analysed).
CREATE FUNCTION sekisho_counter_partitions()
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
    WHERE n.nspname = current_schema() AND p.relname IN (SELECT t.parent FROM sekisho_counter_tables() t)
    ORDER BY 1, 3 NULLS FIRST
$$;

-- Expiry: every weekly partition whose whole week ended at or before `p_cutoff` is detached and
-- dropped (no row-by-row delete, no dead tuples, no vacuum); younger weeks are kept whole.
-- Buckets older than the cut-off in the default partitions (stragglers: a bucket dated outside
-- every partition, or of a week whose partition could not be created over them) are deleted
-- there. Returns what was removed: a partition with its estimated rows, or `<parent>_default`
-- with the exact number of rows deleted. The longest window is 30 days, read from daily buckets
-- rounded out to a whole day: a cut-off younger than 31 days is refused. Detaching takes the
-- parent's lock for a moment: run it under a short `lock_timeout` (the server does).
CREATE FUNCTION sekisho_drop_counter_partitions_before(p_cutoff timestamptz)
RETURNS TABLE (parent text, partition text, rows_removed bigint)
    LANGUAGE plpgsql
    SET app.scope = 'platform'
AS $$
DECLARE
    t record;
    p record;
    n bigint;
BEGIN
    IF p_cutoff > now() - interval '31 days' THEN
        RAISE EXCEPTION 'the velocity counters must keep at least the last 31 days (cut-off %)',
            p_cutoff;
    END IF;
    -- One runner at a time (every replica expires the counters hourly).
    PERFORM pg_advisory_xact_lock(hashtext('sekisho_counter_partitions'));
    FOR t IN SELECT * FROM sekisho_counter_tables() LOOP
        FOR p IN SELECT * FROM sekisho_counter_partitions() h
                 WHERE h.parent = t.parent AND h.to_at IS NOT NULL AND h.to_at <= p_cutoff LOOP
            EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', p.parent, p.partition);
            EXECUTE format('DROP TABLE %I', p.partition);
            parent := p.parent;
            partition := p.partition;
            rows_removed := greatest(p.estimated_rows, 0);
            RETURN NEXT;
        END LOOP;
        EXECUTE format('DELETE FROM %I WHERE bucket_start < $1', t.parent || '_default')
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

-- The hourly expiry keeps its name, argument and result (rows removed: estimated for the
-- dropped weeks, exact for the default partitions), now by dropping weeks. It does DDL: the
-- server runs it on the schema owner's connection, no longer on the application's pool.
CREATE OR REPLACE FUNCTION sekisho_prune_velocity(older_than interval) RETURNS bigint
    LANGUAGE sql
AS $$
    SELECT coalesce(sum(d.rows_removed), 0)::bigint
    FROM sekisho_drop_counter_partitions_before(now() - older_than) d
$$;

-- Moving the rows: each table is renamed, its partitioned successor created with the same
-- columns, checks and defaults, given a default partition and one partition per week that holds
-- buckets (so that they do not all land in the default) plus the weeks ahead, filled, and the
-- old table dropped. The owner is subject to forced row-level security where it is not a
-- superuser.
SELECT set_config('app.scope', 'platform', true);

CREATE FUNCTION pg_temp.sekisho_partition_counter_table(p_table text) RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    day date;
BEGIN
    EXECUTE format('ALTER TABLE %I RENAME TO %I', p_table, p_table || '_unpartitioned');
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS '
                   'INCLUDING GENERATED INCLUDING COMMENTS) PARTITION BY RANGE (bucket_start)',
                   p_table, p_table || '_unpartitioned');
    EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT '
                   'WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02, '
                   'autovacuum_analyze_scale_factor = 0.05, autovacuum_vacuum_cost_delay = 1)',
                   p_table || '_default', p_table);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', p_table || '_default');
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', p_table || '_default');
    EXECUTE format(
        'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
        'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
        p_table || '_default_tenant', p_table || '_default');
    FOR day IN EXECUTE format(
        'SELECT DISTINCT date_trunc(''week'', bucket_start AT TIME ZONE ''UTC'')::date FROM %I',
        p_table || '_unpartitioned') LOOP
        PERFORM sekisho_create_counter_partition(p_table, day);
    END LOOP;
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', p_table, p_table || '_unpartitioned');
    EXECUTE format('DROP TABLE %I', p_table || '_unpartitioned');
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', p_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', p_table);
    EXECUTE format(
        'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
        'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
        p_table || '_tenant', p_table);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO sekisho_app', p_table);
END
$$;

SELECT pg_temp.sekisho_partition_counter_table('velocity_counts');
ALTER TABLE velocity_counts ADD PRIMARY KEY (tenant_id, key_kind, key, bucket_secs, bucket_start);

SELECT pg_temp.sekisho_partition_counter_table('velocity_values');
ALTER TABLE velocity_values
    ADD PRIMARY KEY (tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start, value);

SELECT pg_temp.sekisho_partition_counter_table('velocity_sketches');
ALTER TABLE velocity_sketches
    ADD PRIMARY KEY (tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start);

SELECT pg_temp.sekisho_partition_counter_table('attempt_counts');
ALTER TABLE attempt_counts
    ADD PRIMARY KEY (tenant_id, livemode, source_kind, source, bucket_secs, bucket_start, shard);

DROP FUNCTION pg_temp.sekisho_partition_counter_table(text);

-- The weeks ahead, so that the first writes after the upgrade land in their week.
SELECT count(*) FROM sekisho_ensure_counter_partitions(1);

-- The order velocity read with a generic plan: planned once per session, its partitions pruned
-- when it runs. PL/pgSQL's default plans it anew for each call's arguments (a custom plan), which
-- with partitioned counters means planning every partition of every table on every read: about
-- 7 ms instead of 1.1 ms with weekly partitions (and 2.4 ms instead of 0.6 ms on the plain
-- tables before).
ALTER FUNCTION sekisho_order_velocity(uuid, text, text[], text[], bytea[], text[], bytea[],
                                      integer[], integer[])
    SET plan_cache_mode = force_generic_plan;
