-- Velocity read from counters maintained as orders are stored, so that reading a metric costs
-- O(buckets in its window) whatever the history at the key (a forwarder's address holding
-- 10,000 orders costs what a fresh one does). Three tables, all keyed by
-- (tenant, key kind, key fingerprint, bucket size, bucket start):
--   velocity_counts    how many orders carried the key in the bucket (orders per card, …);
--   velocity_values    the distinct values of a counted kind seen with the key in the bucket,
--                      each with how many orders carried it, exactly, up to a limit per bucket
--                      (cards per IP, names per address, …);
--   velocity_sketches  a HyperLogLog sketch of the bucket's values once it holds more distinct
--                      values than the limit (written by the application: the sketch format is
--                      the `cardinality-estimator` crate's).
-- Derived data: rebuilt from orders if ever lost, pruned by age (`sekisho_prune_velocity`).
-- Hot rows are updated in place all day long: a lower fillfactor keeps updates HOT, and
-- autovacuum visits them far more often than the default 20 % of the table would.

CREATE TABLE velocity_counts (
    tenant_id uuid NOT NULL,
    key_kind text NOT NULL,
    key bytea NOT NULL,
    bucket_secs integer NOT NULL CHECK (bucket_secs > 0),
    bucket_start timestamptz NOT NULL,
    orders integer NOT NULL,
    PRIMARY KEY (tenant_id, key_kind, key, bucket_secs, bucket_start)
) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02,
        autovacuum_analyze_scale_factor = 0.05, autovacuum_vacuum_cost_delay = 1);

CREATE TABLE velocity_values (
    tenant_id uuid NOT NULL,
    key_kind text NOT NULL,
    key bytea NOT NULL,
    counted_kind text NOT NULL,
    bucket_secs integer NOT NULL CHECK (bucket_secs > 0),
    bucket_start timestamptz NOT NULL,
    value bytea NOT NULL,
    orders integer NOT NULL,
    PRIMARY KEY (tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start, value)
) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02,
        autovacuum_analyze_scale_factor = 0.05, autovacuum_vacuum_cost_delay = 1);

CREATE TABLE velocity_sketches (
    tenant_id uuid NOT NULL,
    key_kind text NOT NULL,
    key bytea NOT NULL,
    counted_kind text NOT NULL,
    bucket_secs integer NOT NULL CHECK (bucket_secs > 0),
    bucket_start timestamptz NOT NULL,
    sketch bytea NOT NULL,
    PRIMARY KEY (tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start)
) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02,
        autovacuum_analyze_scale_factor = 0.05, autovacuum_vacuum_cost_delay = 1);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['velocity_counts', 'velocity_values', 'velocity_sketches'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
            'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
            t || '_tenant', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON velocity_counts, velocity_values, velocity_sketches
    TO sekisho_app;

-- The start of the bucket of `bucket_secs` seconds that holds `at` (buckets align to the epoch).
CREATE FUNCTION sekisho_velocity_bucket(at timestamptz, bucket_secs integer) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_timestamp(floor(extract(epoch FROM at) / bucket_secs) * bucket_secs) $$;

-- What storing an order changes in the counters: its new contribution (+1 per key, bucket and
-- value) less the one its earlier scoring made (-1), so that a re-scored order replaces its
-- contribution instead of adding to it. Read before the order's identifiers are replaced.
-- `tracked_*` say which counters exist: per key kind, the counted kind (NULL: orders) and the
-- bucket size.
CREATE FUNCTION sekisho_velocity_deltas(
    p_tenant uuid, p_order uuid, p_at timestamptz, p_kinds text[], p_fingerprints bytea[],
    tracked_key_kinds text[], tracked_counted_kinds text[], tracked_bucket_secs integer[])
RETURNS TABLE (key_kind text, key bytea, counted_kind text, bucket_secs integer,
               bucket_start timestamptz, value bytea, delta integer)
    LANGUAGE sql STABLE
AS $$
    WITH tracked AS (
        SELECT DISTINCT * FROM unnest(tracked_key_kinds, tracked_counted_kinds, tracked_bucket_secs)
            AS t(key_kind, counted_kind, bucket_secs)
    ), earlier AS (
        SELECT i.kind, i.fingerprint, i.at, -1 AS sign FROM order_identifiers i
        WHERE i.tenant_id = p_tenant AND i.order_id = p_order
    ), given AS (
        SELECT g.kind, g.fingerprint, p_at AS at, 1 AS sign
        FROM unnest(p_kinds, p_fingerprints) AS g(kind, fingerprint)
    ), contributions AS (
        SELECT t.key_kind, k.fingerprint AS key, t.counted_kind, t.bucket_secs,
               sekisho_velocity_bucket(k.at, t.bucket_secs) AS bucket_start,
               c.fingerprint AS value, k.sign
        FROM tracked t
        JOIN (SELECT * FROM earlier UNION ALL SELECT * FROM given) k ON k.kind = t.key_kind
        LEFT JOIN (SELECT * FROM earlier UNION ALL SELECT * FROM given) c
          ON c.kind = t.counted_kind AND c.sign = k.sign
        WHERE t.counted_kind IS NULL OR c.kind IS NOT NULL
    )
    SELECT key_kind, key, counted_kind, bucket_secs, bucket_start, value, sum(sign)::integer
    FROM contributions
    GROUP BY key_kind, key, counted_kind, bucket_secs, bucket_start, value
    HAVING sum(sign) <> 0
$$;

-- Stores an order's identifiers and brings the counters up to date, in one round trip. Rows are
-- written in key order (counts, then values), so that concurrent writers lock shared counters in
-- the same order and cannot deadlock. Returns the values that found their bucket's exact set
-- full: the caller adds them to the bucket's sketch (`velocity_sketches`, locked after these).
CREATE FUNCTION sekisho_store_order_identifiers(
    p_tenant uuid, p_order uuid, p_at timestamptz, p_kinds text[], p_fingerprints bytea[],
    tracked_key_kinds text[], tracked_counted_kinds text[], tracked_bucket_secs integer[],
    exact_limit integer)
RETURNS TABLE (key_kind text, key bytea, counted_kind text, bucket_secs integer,
               bucket_start timestamptz, value bytea)
    LANGUAGE plpgsql
AS $$
#variable_conflict use_column
BEGIN
    -- A decrement reaches only a row that exists (an expired bucket may have been pruned).
    INSERT INTO velocity_counts AS c (tenant_id, key_kind, key, bucket_secs, bucket_start, orders)
    SELECT p_tenant, d.key_kind, d.key, d.bucket_secs, d.bucket_start, d.delta
    FROM sekisho_velocity_deltas(p_tenant, p_order, p_at, p_kinds, p_fingerprints,
                                 tracked_key_kinds, tracked_counted_kinds, tracked_bucket_secs) d
    WHERE d.counted_kind IS NULL
      AND (d.delta > 0 OR EXISTS (
          SELECT 1 FROM velocity_counts e
          WHERE e.tenant_id = p_tenant AND e.key_kind = d.key_kind AND e.key = d.key
            AND e.bucket_secs = d.bucket_secs AND e.bucket_start = d.bucket_start))
    ORDER BY d.key_kind, d.key, d.bucket_secs, d.bucket_start
    ON CONFLICT (tenant_id, key_kind, key, bucket_secs, bucket_start)
    DO UPDATE SET orders = greatest(c.orders + excluded.orders, 0);

    RETURN QUERY
    WITH placed AS (
        SELECT d.*,
               EXISTS (SELECT 1 FROM velocity_values v
                       WHERE v.tenant_id = p_tenant AND v.key_kind = d.key_kind AND v.key = d.key
                         AND v.counted_kind = d.counted_kind AND v.bucket_secs = d.bucket_secs
                         AND v.bucket_start = d.bucket_start AND v.value = d.value) AS known,
               (SELECT count(*) FROM velocity_values v
                WHERE v.tenant_id = p_tenant AND v.key_kind = d.key_kind AND v.key = d.key
                  AND v.counted_kind = d.counted_kind AND v.bucket_secs = d.bucket_secs
                  AND v.bucket_start = d.bucket_start) < exact_limit
               AND NOT EXISTS (SELECT 1 FROM velocity_sketches s
                       WHERE s.tenant_id = p_tenant AND s.key_kind = d.key_kind AND s.key = d.key
                         AND s.counted_kind = d.counted_kind AND s.bucket_secs = d.bucket_secs
                         AND s.bucket_start = d.bucket_start) AS room
        FROM sekisho_velocity_deltas(p_tenant, p_order, p_at, p_kinds, p_fingerprints,
                      tracked_key_kinds, tracked_counted_kinds, tracked_bucket_secs) d
        WHERE d.counted_kind IS NOT NULL
    ), written AS (
        INSERT INTO velocity_values AS v (tenant_id, key_kind, key, counted_kind, bucket_secs,
                                          bucket_start, value, orders)
        SELECT p_tenant, p.key_kind, p.key, p.counted_kind, p.bucket_secs, p.bucket_start, p.value,
               p.delta
        FROM placed p
        WHERE p.known OR (p.delta > 0 AND p.room)
        ORDER BY p.key_kind, p.key, p.counted_kind, p.bucket_secs, p.bucket_start, p.value
        ON CONFLICT (tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start, value)
        DO UPDATE SET orders = greatest(v.orders + excluded.orders, 0)
    )
    SELECT p.key_kind, p.key, p.counted_kind, p.bucket_secs, p.bucket_start, p.value
    FROM placed p
    WHERE p.delta > 0 AND NOT p.known AND NOT p.room
    ORDER BY p.key_kind, p.key, p.counted_kind, p.bucket_secs, p.bucket_start, p.value;

    -- The kinds no longer given go, the others are written or updated.
    DELETE FROM order_identifiers o
    WHERE o.tenant_id = p_tenant AND o.order_id = p_order AND o.kind <> ALL (p_kinds);
    INSERT INTO order_identifiers (tenant_id, order_id, kind, fingerprint, at)
    SELECT p_tenant, p_order, g.kind, g.fingerprint, p_at
    FROM unnest(p_kinds, p_fingerprints) AS g(kind, fingerprint)
    ON CONFLICT (tenant_id, order_id, kind)
    DO UPDATE SET fingerprint = excluded.fingerprint, at = excluded.at;
END
$$;

-- Answers every velocity question of one order in one round trip, from the counters: per
-- question the buckets of its window (the window rounded out to whole buckets). Counts include
-- the order being scored (its values are passed in) and never count an earlier scoring of the
-- same merchant order. A distinct count comes back exact (`count`), or, when a bucket of the
-- window holds a sketch, with the sketches and the exact values of the other buckets for the
-- caller to merge.
CREATE FUNCTION sekisho_order_velocity(
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
    ), earlier AS (
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
           x.sketches,
           CASE WHEN x.sketches IS NOT NULL THEN x.exact END
    FROM spec s
    LEFT JOIN LATERAL (
        SELECT
            (SELECT array_agg(k.sketch) FROM velocity_sketches k
             WHERE k.tenant_id = p_tenant AND k.key_kind = s.key_kind AND k.key = s.key
               AND k.counted_kind = s.counted_kind AND k.bucket_secs = s.bucket_secs
               AND k.bucket_start >= s.since) AS sketches,
            (SELECT array_agg(u.value) FROM (
                SELECT v.value FROM velocity_values v
                WHERE v.tenant_id = p_tenant AND v.key_kind = s.key_kind AND v.key = s.key
                  AND v.counted_kind = s.counted_kind AND v.bucket_secs = s.bucket_secs
                  AND v.bucket_start >= s.since
                  -- A bucket with a sketch is counted by its sketch.
                  AND NOT EXISTS (SELECT 1 FROM velocity_sketches k
                      WHERE k.tenant_id = p_tenant AND k.key_kind = s.key_kind AND k.key = s.key
                        AND k.counted_kind = s.counted_kind AND k.bucket_secs = s.bucket_secs
                        AND k.bucket_start = v.bucket_start)
                GROUP BY v.value
                HAVING sum(v.orders) > (
                    SELECT count(*) FROM earlier ek JOIN earlier ec ON ec.kind = s.counted_kind
                    WHERE ek.kind = s.key_kind AND ek.fingerprint = s.key
                      AND ec.fingerprint = v.value
                      AND sekisho_velocity_bucket(ek.at, s.bucket_secs) >= s.since)
                UNION
                SELECT s.counted WHERE s.counted IS NOT NULL
            ) u) AS exact
        WHERE s.counted_kind IS NOT NULL
    ) x ON true;
END
$$;

-- Drops buckets that no window reaches any more (the longest window is 30 days).
CREATE FUNCTION sekisho_prune_velocity(older_than interval) RETURNS bigint
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

GRANT EXECUTE ON FUNCTION sekisho_velocity_bucket(timestamptz, integer),
    sekisho_velocity_deltas(uuid, uuid, timestamptz, text[], bytea[], text[], text[], integer[]),
    sekisho_store_order_identifiers(uuid, uuid, timestamptz, text[], bytea[], text[], text[],
                                    integer[], integer),
    sekisho_order_velocity(uuid, text, text[], text[], bytea[], text[], bytea[], integer[],
                           integer[]),
    sekisho_prune_velocity(interval)
    TO sekisho_app;

-- Orders stored before the counters existed are counted from their identifiers.
INSERT INTO velocity_counts (tenant_id, key_kind, key, bucket_secs, bucket_start, orders)
SELECT i.tenant_id, i.kind, i.fingerprint, b.secs, sekisho_velocity_bucket(i.at, b.secs), count(*)
FROM order_identifiers i
JOIN (VALUES ('card', 60), ('card', 3600), ('account', 60), ('account', 3600)) AS b(kind, secs)
  ON b.kind = i.kind
WHERE i.at > now() - interval '31 days'
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO velocity_values (tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start,
                             value, orders)
SELECT k.tenant_id, k.kind, k.fingerprint, b.counted, b.secs, sekisho_velocity_bucket(k.at, b.secs),
       c.fingerprint, count(*)
FROM order_identifiers k
JOIN (VALUES ('ip', 'card', 60), ('ip', 'card', 3600), ('device_id', 'card', 60),
             ('device_id', 'card', 3600), ('address_delivery_point', 'name', 3600),
             ('address_delivery_point', 'name', 86400),
             ('address_delivery_point', 'account', 86400),
             ('address_delivery_point', 'card', 86400)) AS b(kind, counted, secs)
  ON b.kind = k.kind
JOIN order_identifiers c ON c.tenant_id = k.tenant_id AND c.order_id = k.order_id
                        AND c.kind = b.counted
WHERE k.at > now() - interval '31 days'
GROUP BY 1, 2, 3, 4, 5, 6, 7;
