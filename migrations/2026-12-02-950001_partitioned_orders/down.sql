-- Back to plain orders and order identifiers (every row kept), the merchant key's uniqueness
-- back on `orders`, and the functions as 2026-12-02-930001 and 940001 left them.
SELECT set_config('app.scope', 'platform', true);

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
        FROM orders o JOIN order_identifiers i ON i.tenant_id = o.tenant_id AND i.order_id = o.id
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

DROP TRIGGER orders_claim_key ON orders;
DROP TRIGGER orders_release_key ON orders;
ALTER TABLE order_identifiers DROP CONSTRAINT order_identifiers_tenant_id_order_id_fkey;
ALTER TABLE order_events DROP CONSTRAINT order_events_tenant_id_order_id_fkey;
DROP INDEX order_events_order_id;

CREATE FUNCTION pg_temp.sekisho_unpartition_order_table(p_table text) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('ALTER TABLE %I RENAME TO %I', p_table, p_table || '_partitioned');
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS '
                   'INCLUDING GENERATED INCLUDING COMMENTS)', p_table, p_table || '_partitioned');
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', p_table, p_table || '_partitioned');
    EXECUTE format('DROP TABLE %I', p_table || '_partitioned');
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', p_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', p_table);
    EXECUTE format(
        'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
        'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
        p_table || '_tenant', p_table);
END
$$;

SELECT pg_temp.sekisho_unpartition_order_table('orders');
ALTER TABLE orders ADD PRIMARY KEY (tenant_id, id);
ALTER TABLE orders ADD CONSTRAINT orders_tenant_id_merchant_order_id_livemode_key
    UNIQUE (tenant_id, merchant_order_id, livemode);
ALTER TABLE orders ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX orders_idempotency ON orders (tenant_id, idempotency_key);
CREATE INDEX orders_recent ON orders (tenant_id, livemode, scored_at DESC);
CREATE INDEX orders_review_queue ON orders (tenant_id, scored_at)
    WHERE status IN ('in_review', 'held');
CREATE INDEX orders_reviewed ON orders (tenant_id, reviewed_at) WHERE reviewed_at IS NOT NULL;
CREATE INDEX orders_chargebacks ON orders (tenant_id, ordered_at) WHERE chargeback_at IS NOT NULL;
CREATE TRIGGER orders_scored_events
    AFTER INSERT OR UPDATE ON orders
    FOR EACH ROW EXECUTE FUNCTION sekisho_order_scored_events();
GRANT SELECT, INSERT, UPDATE, DELETE ON orders TO sekisho_app;

SELECT pg_temp.sekisho_unpartition_order_table('order_identifiers');
ALTER TABLE order_identifiers ADD PRIMARY KEY (tenant_id, order_id, kind);
ALTER TABLE order_identifiers ADD FOREIGN KEY (tenant_id, order_id)
    REFERENCES orders (tenant_id, id) ON DELETE CASCADE;
CREATE INDEX order_identifiers_fingerprint ON order_identifiers (fingerprint, kind);
GRANT SELECT, INSERT, UPDATE, DELETE ON order_identifiers TO sekisho_app;

ALTER TABLE order_events ADD FOREIGN KEY (tenant_id, order_id)
    REFERENCES orders (tenant_id, id) ON DELETE CASCADE;

DROP FUNCTION pg_temp.sekisho_unpartition_order_table(text);

CREATE OR REPLACE FUNCTION sekisho_create_partition(p_parent text, p_month date) RETURNS text
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

CREATE OR REPLACE FUNCTION sekisho_history_partitions()
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

CREATE OR REPLACE FUNCTION sekisho_drop_partitions_before(p_cutoff timestamptz)
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

DROP FUNCTION sekisho_claim_order_key();
DROP FUNCTION sekisho_release_order_key();
DROP FUNCTION sekisho_order_tables();
DROP FUNCTION sekisho_uuid_v7(timestamptz);
DROP FUNCTION sekisho_uuid_v7_floor(timestamptz);
DROP FUNCTION sekisho_uuid_v7_time(uuid);
DROP TABLE order_keys;
