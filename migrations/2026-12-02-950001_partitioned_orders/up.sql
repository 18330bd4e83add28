-- Orders and their identifiers partitioned by month (docs/OPERATIONS.md, "Partitioned
-- history"), like the history tables of 2026-12-02-930001, so that retention drops whole months
-- and a year of history does not make the indexes every order touches deeper than a month's.
--
-- The partition key is the order's id, not a time column. Ids are UUIDv7 minted when an order is
-- first scored (48 bits of Unix milliseconds first, and uuid comparison is bytewise), so a month
-- is the id range from the UUIDv7 of its first millisecond to that of the next month's, and:
-- - the key never changes (a re-score keeps the id, while `scored_at` moves: a time column would
--   move rows between partitions);
-- - the primary key stays (tenant_id, id) and the foreign keys of `order_identifiers` and
--   `order_events` stay as they are; `order_identifiers` is partitioned on `order_id` with the
--   same bounds, so an order and its identifiers are in the same month;
-- - an id that is not a UUIDv7 (the demo's earlier data used v4) lands in the default partition
--   unless its random bits fall in a month, which is harmless.
--
-- PostgreSQL requires the partition key in every unique constraint, so the uniqueness of the
-- merchant's order id per tenant and mode moves to `order_keys`, a narrow table that maps it to
-- the order's id. The writer claims the key first (which also makes concurrent scorings of one
-- new merchant order agree on one id, as the unique index did); a trigger on `orders` claims it
-- for every other writer (the demo, COPY) and refuses a second order under a claimed key.

CREATE TABLE order_keys (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    merchant_order_id text NOT NULL,
    livemode boolean NOT NULL,
    order_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, merchant_order_id, livemode)
);
-- Retention deletes the keys of a dropped month by id range.
CREATE INDEX order_keys_order ON order_keys (order_id);
ALTER TABLE order_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE order_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY order_keys_tenant ON order_keys FOR ALL
    USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())
    WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());
GRANT SELECT, INSERT, UPDATE, DELETE ON order_keys TO sekisho_app;

-- The first UUIDv7 of a millisecond: the bound of a month's id range.
CREATE FUNCTION sekisho_uuid_v7_floor(at timestamptz) RETURNS uuid
    LANGUAGE sql STABLE
AS $$
    SELECT (lpad(to_hex(floor(extract(epoch FROM at) * 1000)::bigint), 12, '0')
            || '00000000000000000000')::uuid
$$;

-- The time a UUIDv7 was minted (meaningless for other versions).
CREATE FUNCTION sekisho_uuid_v7_time(id uuid) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT to_timestamp(('x' || lpad(left(replace(id::text, '-', ''), 12), 16, '0'))::bit(64)::bigint
                        / 1000.0)
$$;

-- A UUIDv7 for an order of time `at`, for writers that date rows in the past (the demo, the
-- benchmark's seed) so that they land in their month: `at`'s milliseconds, version 7, and the
-- random bits and variant of a v4.
CREATE FUNCTION sekisho_uuid_v7(at timestamptz) RETURNS uuid
    LANGUAGE sql VOLATILE
AS $$
    SELECT overlay(overlay(replace(gen_random_uuid()::text, '-', '')
                           PLACING lpad(to_hex(floor(extract(epoch FROM at) * 1000)::bigint), 12, '0')
                           FROM 1)
                   PLACING '7' FROM 13)::uuid
$$;
GRANT EXECUTE ON FUNCTION sekisho_uuid_v7(timestamptz), sekisho_uuid_v7_floor(timestamptz),
    sekisho_uuid_v7_time(uuid) TO sekisho_app;

-- The tables partitioned by their order id, with the time column retention uses for the rows the
-- default partition holds.
CREATE FUNCTION sekisho_order_tables()
RETURNS TABLE (parent text, key_column text, time_column text)
    LANGUAGE sql IMMUTABLE
AS $$
    VALUES ('orders', 'id', 'scored_at'), ('order_identifiers', 'order_id', 'at')
$$;

-- As in 930001, now also for the order tables, whose bounds are the months' UUIDv7 floors.
CREATE OR REPLACE FUNCTION sekisho_create_partition(p_parent text, p_month date) RETURNS text
    LANGUAGE plpgsql
    SET app.scope = 'platform'
AS $$
DECLARE
    from_at timestamptz := date_trunc('month', p_month)::timestamp AT TIME ZONE 'UTC';
    to_at timestamptz := (date_trunc('month', p_month) + interval '1 month')::timestamp AT TIME ZONE 'UTC';
    name text := format('%s_p%s', p_parent, to_char(date_trunc('month', p_month), 'YYYY_MM'));
    key_column text;
    low text;
    high text;
    in_default boolean;
BEGIN
    SELECT h.time_column, from_at::text, to_at::text INTO key_column, low, high
    FROM sekisho_history_tables() h WHERE h.parent = p_parent;
    IF key_column IS NULL THEN
        SELECT o.key_column, sekisho_uuid_v7_floor(from_at)::text, sekisho_uuid_v7_floor(to_at)::text
        INTO key_column, low, high
        FROM sekisho_order_tables() o WHERE o.parent = p_parent;
    END IF;
    IF key_column IS NULL THEN
        RAISE EXCEPTION '% is not a partitioned history table', p_parent;
    END IF;
    IF to_regclass(name) IS NOT NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I >= %L AND %I < %L)',
                   p_parent || '_default', key_column, low, key_column, high)
        INTO in_default;
    IF in_default THEN
        RAISE NOTICE 'partition % not created: the default partition holds rows of that month', name;
        RETURN NULL;
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                   name, p_parent, low, high);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', name);
    EXECUTE format(
        'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
        'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
        name || '_tenant', name);
    RETURN name;
END
$$;

CREATE OR REPLACE FUNCTION sekisho_ensure_partitions(p_months_ahead integer)
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
    FOR t IN SELECT h.parent FROM sekisho_history_tables() h
             UNION ALL SELECT o.parent FROM sekisho_order_tables() o LOOP
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

-- Every partition with its month's bounds as times (the order tables' UUIDv7 bounds turned
-- back into the times they encode).
CREATE OR REPLACE FUNCTION sekisho_history_partitions()
RETURNS TABLE (parent text, partition text, from_at timestamptz, to_at timestamptz,
               estimated_rows bigint)
    LANGUAGE sql STABLE
AS $$
    SELECT b.parent, b.partition,
           CASE WHEN b.by_order THEN sekisho_uuid_v7_time(b.low::uuid) ELSE b.low::timestamptz END,
           CASE WHEN b.by_order THEN sekisho_uuid_v7_time(b.high::uuid) ELSE b.high::timestamptz END,
           b.estimated_rows
    FROM (
        SELECT p.relname::text AS parent, c.relname::text AS partition,
               substring(pg_get_expr(c.relpartbound, c.oid) FROM 'FROM \(''([^'']+)''\)') AS low,
               substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)') AS high,
               p.relname IN (SELECT o.parent FROM sekisho_order_tables() o) AS by_order,
               c.reltuples::bigint AS estimated_rows
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class p ON p.oid = i.inhparent
        JOIN pg_namespace n ON n.oid = p.relnamespace
        WHERE n.nspname = current_schema()
          AND p.relname IN (SELECT h.parent FROM sekisho_history_tables() h
                            UNION ALL SELECT o.parent FROM sekisho_order_tables() o)
    ) b
    ORDER BY 1, 3 NULLS FIRST
$$;

-- Retention as in 930001, now with the orders: an expired month of orders goes with its
-- identifiers, its events and its keys. The identifiers' month is dropped first; the order rows
-- still referenced from elsewhere (identifiers that stayed in their default partition, events,
-- which are not partitioned) are deleted by id range first, since detaching a referenced
-- partition is refused while references remain. The default partitions' stragglers are deleted
-- by their time column (an order's cascades to its identifiers and events, and the trigger
-- below removes its key).
CREATE OR REPLACE FUNCTION sekisho_drop_partitions_before(p_cutoff timestamptz)
RETURNS TABLE (parent text, partition text, rows_removed bigint)
    LANGUAGE plpgsql
    SET app.scope = 'platform'
AS $$
DECLARE
    p record;
    t record;
    n bigint;
    low uuid;
    high uuid;
BEGIN
    IF p_cutoff > now() - interval '28 days' THEN
        RAISE EXCEPTION 'retention must keep at least the last 28 days (cut-off %)', p_cutoff;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('sekisho_history_partitions'));
    FOR p IN SELECT * FROM sekisho_history_partitions() h
             WHERE h.to_at IS NOT NULL AND h.to_at <= p_cutoff
             ORDER BY h.parent = 'orders', h.from_at LOOP
        IF p.parent = 'orders' THEN
            low := sekisho_uuid_v7_floor(p.from_at);
            high := sekisho_uuid_v7_floor(p.to_at);
            DELETE FROM order_identifiers WHERE order_id >= low AND order_id < high;
            DELETE FROM order_events WHERE order_id >= low AND order_id < high;
            DELETE FROM order_keys WHERE order_id >= low AND order_id < high;
        END IF;
        EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', p.parent, p.partition);
        EXECUTE format('DROP TABLE %I', p.partition);
        parent := p.parent;
        partition := p.partition;
        rows_removed := greatest(p.estimated_rows, 0);
        RETURN NEXT;
    END LOOP;
    FOR t IN SELECT * FROM (SELECT h.parent, h.time_column FROM sekisho_history_tables() h
                            UNION ALL SELECT o.parent, o.time_column FROM sekisho_order_tables() o) a
             ORDER BY a.parent = 'order_identifiers' LOOP
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

-- Every order holds its merchant key: claimed here unless the writer claimed it first (the
-- group-commit writer does, in the same transaction); a second order under a key another order
-- holds is refused, as the unique constraint this replaces refused it.
CREATE FUNCTION sekisho_claim_order_key() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO order_keys (tenant_id, merchant_order_id, livemode, order_id)
    VALUES (NEW.tenant_id, NEW.merchant_order_id, NEW.livemode, NEW.id)
    ON CONFLICT (tenant_id, merchant_order_id, livemode) DO NOTHING;
    IF NOT FOUND AND NOT EXISTS (
        SELECT 1 FROM order_keys k
        WHERE k.tenant_id = NEW.tenant_id AND k.merchant_order_id = NEW.merchant_order_id
          AND k.livemode = NEW.livemode AND k.order_id = NEW.id) THEN
        RAISE unique_violation USING
            MESSAGE = 'another order holds this merchant order id',
            CONSTRAINT = 'order_keys_pkey';
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION sekisho_release_order_key() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM order_keys k
    WHERE k.tenant_id = OLD.tenant_id AND k.merchant_order_id = OLD.merchant_order_id
      AND k.livemode = OLD.livemode AND k.order_id = OLD.id;
    RETURN NULL;
END
$$;

-- Moving the rows, as in 930001. The referencing foreign keys go first and come back on the
-- partitioned tables.
SELECT set_config('app.scope', 'platform', true);

ALTER TABLE order_identifiers DROP CONSTRAINT order_identifiers_tenant_id_order_id_fkey;
ALTER TABLE order_events DROP CONSTRAINT order_events_tenant_id_order_id_fkey;

CREATE FUNCTION pg_temp.sekisho_partition_order_table(p_table text, p_key_column text)
RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    month date;
BEGIN
    EXECUTE format('ALTER TABLE %I RENAME TO %I', p_table, p_table || '_unpartitioned');
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS '
                   'INCLUDING GENERATED INCLUDING COMMENTS) PARTITION BY RANGE (%I)',
                   p_table, p_table || '_unpartitioned', p_key_column);
    EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', p_table || '_default', p_table);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', p_table || '_default');
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', p_table || '_default');
    EXECUTE format(
        'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
        'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
        p_table || '_default_tenant', p_table || '_default');
    -- The months the UUIDv7 ids name, within the years an id can honestly be from.
    FOR month IN EXECUTE format(
        'SELECT DISTINCT date_trunc(''month'', sekisho_uuid_v7_time(%I) AT TIME ZONE ''UTC'')::date '
        'FROM %I WHERE substr(%I::text, 15, 1) = ''7'' '
        'AND sekisho_uuid_v7_time(%I) BETWEEN ''2020-01-01'' AND now() + interval ''1 year''',
        p_key_column, p_table || '_unpartitioned', p_key_column, p_key_column) LOOP
        PERFORM sekisho_create_partition(p_table, month);
    END LOOP;
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

SELECT pg_temp.sekisho_partition_order_table('orders', 'id');
ALTER TABLE orders ADD PRIMARY KEY (tenant_id, id);
ALTER TABLE orders ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
-- Lookups by the merchant's id (the dashboard, outcomes) go through each month's index; the
-- writer and the velocity read go through `order_keys`.
CREATE INDEX orders_merchant_order ON orders (tenant_id, merchant_order_id, livemode);
CREATE INDEX orders_idempotency ON orders (tenant_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX orders_recent ON orders (tenant_id, livemode, scored_at DESC);
CREATE INDEX orders_review_queue ON orders (tenant_id, scored_at)
    WHERE status IN ('in_review', 'held');
CREATE INDEX orders_reviewed ON orders (tenant_id, reviewed_at) WHERE reviewed_at IS NOT NULL;
CREATE INDEX orders_chargebacks ON orders (tenant_id, ordered_at) WHERE chargeback_at IS NOT NULL;
GRANT SELECT, INSERT, UPDATE, DELETE ON orders TO sekisho_app;

INSERT INTO order_keys (tenant_id, merchant_order_id, livemode, order_id)
SELECT tenant_id, merchant_order_id, livemode, id FROM orders;

CREATE TRIGGER orders_scored_events
    AFTER INSERT OR UPDATE ON orders
    FOR EACH ROW EXECUTE FUNCTION sekisho_order_scored_events();
CREATE TRIGGER orders_claim_key
    AFTER INSERT ON orders
    FOR EACH ROW EXECUTE FUNCTION sekisho_claim_order_key();
CREATE TRIGGER orders_release_key
    AFTER DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION sekisho_release_order_key();

SELECT pg_temp.sekisho_partition_order_table('order_identifiers', 'order_id');
ALTER TABLE order_identifiers ADD PRIMARY KEY (tenant_id, order_id, kind);
ALTER TABLE order_identifiers ADD FOREIGN KEY (tenant_id, order_id)
    REFERENCES orders (tenant_id, id) ON DELETE CASCADE;
CREATE INDEX order_identifiers_fingerprint ON order_identifiers (fingerprint, kind);
GRANT SELECT, INSERT, UPDATE, DELETE ON order_identifiers TO sekisho_app;

ALTER TABLE order_events ADD FOREIGN KEY (tenant_id, order_id)
    REFERENCES orders (tenant_id, id) ON DELETE CASCADE;
CREATE INDEX order_events_order_id ON order_events (order_id);

DROP FUNCTION pg_temp.sekisho_partition_order_table(text, text);

SELECT count(*) FROM sekisho_ensure_partitions(3);

-- The velocity read finds the earlier scoring of the order by its key (one probe) instead of
-- through every month's merchant-id index. The rest is 2026-12-02-940001's body unchanged.
CREATE OR REPLACE FUNCTION sekisho_order_velocity(
    p_tenant uuid, p_merchant_order_id text, metrics text[], key_kinds text[], keys bytea[],
    counted_kinds text[], counted bytea[], window_secs integer[], bucket_secs integer[])
RETURNS TABLE (metric text, count bigint, sketches bytea[], exact bytea[])
    LANGUAGE plpgsql STABLE
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH spec AS (
        SELECT s.*, sekisho_velocity_bucket(now() - make_interval(secs => s.window_secs),
                                            s.bucket_secs) AS since
        FROM unnest(metrics, key_kinds, keys, counted_kinds, counted, window_secs, bucket_secs)
            AS s(metric, key_kind, key, counted_kind, counted, window_secs, bucket_secs)
    ), earlier AS MATERIALIZED (
        SELECT i.kind, i.fingerprint, i.at
        FROM order_keys o JOIN order_identifiers i ON i.tenant_id = o.tenant_id AND i.order_id = o.order_id
        WHERE o.tenant_id = p_tenant AND o.merchant_order_id = p_merchant_order_id
    )
    SELECT s.metric,
           CASE WHEN s.counted_kind IS NULL THEN
               (SELECT coalesce(sum(c.orders), 0) FROM velocity_counts c
                WHERE c.tenant_id = p_tenant AND c.key_kind = s.key_kind AND c.key = s.key
                  AND c.bucket_secs = s.bucket_secs AND c.bucket_start >= s.since)
               - (SELECT count(*) FROM earlier e
                  WHERE e.kind = s.key_kind AND e.fingerprint = s.key
                    AND sekisho_velocity_bucket(e.at, s.bucket_secs) >= s.since)
               + 1
           ELSE coalesce(cardinality(x.exact), 0) END::bigint,
           sk.sketches,
           CASE WHEN sk.sketches IS NOT NULL THEN x.exact END
    FROM spec s
    LEFT JOIN LATERAL (
        SELECT array_agg(k.sketch) AS sketches, array_agg(k.bucket_start) AS starts
        FROM velocity_sketches k
        WHERE k.tenant_id = p_tenant AND k.key_kind = s.key_kind AND k.key = s.key
          AND k.counted_kind = s.counted_kind AND k.bucket_secs = s.bucket_secs
          AND k.bucket_start >= s.since
    ) sk ON s.counted_kind IS NOT NULL
    LEFT JOIN LATERAL (
        -- What the earlier scoring of this order put into this metric's window, per value.
        SELECT array_agg(ec.fingerprint) AS values
        FROM earlier ek JOIN earlier ec ON ec.kind = s.counted_kind
        WHERE ek.kind = s.key_kind AND ek.fingerprint = s.key
          AND sekisho_velocity_bucket(ek.at, s.bucket_secs) >= s.since
    ) own ON s.counted_kind IS NOT NULL
    LEFT JOIN LATERAL (
        SELECT array_agg(u.value) AS exact FROM (
            SELECT v.value FROM velocity_values v
            WHERE v.tenant_id = p_tenant AND v.key_kind = s.key_kind AND v.key = s.key
              AND v.counted_kind = s.counted_kind AND v.bucket_secs = s.bucket_secs
              AND v.bucket_start >= s.since
              -- A bucket with a sketch is counted by its sketch.
              AND (sk.starts IS NULL OR v.bucket_start <> ALL (sk.starts))
            GROUP BY v.value
            -- A value only the earlier scoring of this order carried is not counted.
            HAVING sum(v.orders) > (SELECT count(*) FROM unnest(own.values) AS o(value)
                                    WHERE o.value = v.value)
            UNION
            SELECT s.counted WHERE s.counted IS NOT NULL
        ) u
    ) x ON s.counted_kind IS NOT NULL;
END
$$;
