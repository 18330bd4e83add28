-- The writer's statement for a batch of first scorings only (docs/BENCHMARKS.md, "A batch of
-- new orders planned on its own"). The function of 2026-12-04-990101 ran one statement for every
-- batch, and PostgreSQL sets up all of a statement's plan before it runs any of it: for a batch
-- of new orders, which has nothing to take out, that meant opening the scans of every
-- `order_identifiers` partition twice (the earlier identifiers and the kinds no longer carried)
-- and of every `velocity_counts` partition (decrements), on every call, to run none of them.
-- Those scans grow with the months of history kept. A batch whose orders are all new now runs a
-- statement without them; any other batch runs the statement of 990101 unchanged. Same
-- signature, same counters: the velocity counter tests compare them with a brute-force count.
CREATE OR REPLACE FUNCTION sekisho_store_orders_identifiers(
    p_tenants uuid[], p_orders uuid[], p_ats timestamptz[], p_first boolean[],
    p_idx integer[], p_kinds text[], p_fingerprints bytea[],
    tracked_key_kinds text[], tracked_counted_kinds text[], tracked_bucket_secs integer[],
    exact_limit integer)
RETURNS TABLE (tenant_id uuid, key_kind text, key bytea, counted_kind text, bucket_secs integer,
               bucket_start timestamptz, value bytea)
    LANGUAGE plpgsql
AS $$
#variable_conflict use_column
BEGIN
    IF true = ALL (p_first) THEN
        -- Every order of the batch is new: nothing of theirs to take out or to replace.
        RETURN QUERY
        WITH batch AS (
            SELECT b.tenant_id, b.order_id, b.at, b.first, b.idx::integer AS idx
            FROM unnest(p_tenants, p_orders, p_ats, p_first) WITH ORDINALITY
                AS b(tenant_id, order_id, at, first, idx)
        ), tracked AS (
            SELECT DISTINCT * FROM unnest(tracked_key_kinds, tracked_counted_kinds, tracked_bucket_secs)
                AS t(key_kind, counted_kind, bucket_secs)
        ), given AS (
            SELECT g.idx, g.kind, g.fingerprint
            FROM unnest(p_idx, p_kinds, p_fingerprints) AS g(idx, kind, fingerprint)
        ), ids AS MATERIALIZED (
            SELECT g.idx, g.kind, g.fingerprint, b.at, 1 AS sign
            FROM given g JOIN batch b ON b.idx = g.idx
        ), deltas AS MATERIALIZED (
            SELECT b.tenant_id, t.key_kind, k.fingerprint AS key, t.counted_kind, t.bucket_secs,
                   sekisho_velocity_bucket(k.at, t.bucket_secs) AS bucket_start,
                   c.fingerprint AS value, sum(k.sign)::integer AS delta
            FROM tracked t
            JOIN ids k ON k.kind = t.key_kind
            JOIN batch b ON b.idx = k.idx
            LEFT JOIN ids c ON c.idx = k.idx AND c.kind = t.counted_kind AND c.sign = k.sign
            WHERE t.counted_kind IS NULL OR c.kind IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            HAVING sum(k.sign) <> 0
        ), counts AS (
            INSERT INTO velocity_counts AS c (tenant_id, key_kind, key, bucket_secs, bucket_start,
                                              orders)
            SELECT d.tenant_id, d.key_kind, d.key, d.bucket_secs, d.bucket_start, d.delta
            FROM deltas d
            WHERE d.counted_kind IS NULL
            ORDER BY d.tenant_id, d.key_kind, d.key, d.bucket_secs, d.bucket_start
            ON CONFLICT (tenant_id, key_kind, key, bucket_secs, bucket_start)
            DO UPDATE SET orders = greatest(c.orders + excluded.orders, 0)
        ), placed AS (
            -- How full the value's bucket is, whether it has a sketch, and whether it holds the
            -- value already: one scan.
            SELECT d.*, z.size < exact_limit AND NOT z.sketched AS room, z.known > 0 AS known
            FROM deltas d, LATERAL (
                SELECT count(*) AS size, count(*) FILTER (WHERE v.value = d.value) AS known,
                       coalesce(bool_or(v.value = '\x'::bytea), false) AS sketched
                FROM velocity_values v
                WHERE v.tenant_id = d.tenant_id AND v.key_kind = d.key_kind AND v.key = d.key
                  AND v.counted_kind = d.counted_kind AND v.bucket_secs = d.bucket_secs
                  AND v.bucket_start = d.bucket_start) z
            WHERE d.counted_kind IS NOT NULL
        ), written AS (
            INSERT INTO velocity_values AS v (tenant_id, key_kind, key, counted_kind, bucket_secs,
                                              bucket_start, value, orders)
            SELECT p.tenant_id, p.key_kind, p.key, p.counted_kind, p.bucket_secs, p.bucket_start,
                   p.value, p.delta
            FROM placed p
            WHERE p.known OR (p.delta > 0 AND p.room)
            ORDER BY p.tenant_id, p.key_kind, p.key, p.counted_kind, p.bucket_secs, p.bucket_start,
                     p.value
            ON CONFLICT (tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start, value)
            DO UPDATE SET orders = greatest(v.orders + excluded.orders, 0)
        ), stored_first AS (
            INSERT INTO order_identifiers (tenant_id, order_id, kind, fingerprint, at)
            SELECT b.tenant_id, b.order_id, g.kind, g.fingerprint, b.at
            FROM given g JOIN batch b ON b.idx = g.idx
        )
        SELECT p.tenant_id, p.key_kind, p.key, p.counted_kind, p.bucket_secs, p.bucket_start, p.value
        FROM placed p
        WHERE p.delta > 0 AND NOT p.known AND NOT p.room
        ORDER BY 1, 2, 3, 4, 5, 6, 7;
    ELSE
        -- A batch holding a re-scored order: the statement of 2026-12-04-990101 unchanged.
        RETURN QUERY
        WITH batch AS (
            SELECT b.tenant_id, b.order_id, b.at, b.first, b.idx::integer AS idx
            FROM unnest(p_tenants, p_orders, p_ats, p_first) WITH ORDINALITY
                AS b(tenant_id, order_id, at, first, idx)
        ), again AS (
            SELECT * FROM batch b WHERE NOT b.first
        ), tracked AS (
            SELECT DISTINCT * FROM unnest(tracked_key_kinds, tracked_counted_kinds, tracked_bucket_secs)
                AS t(key_kind, counted_kind, bucket_secs)
        ), given AS (
            SELECT g.idx, g.kind, g.fingerprint
            FROM unnest(p_idx, p_kinds, p_fingerprints) AS g(idx, kind, fingerprint)
        ), ids AS MATERIALIZED (
            -- A re-scored order's earlier identifiers count -1, the new ones +1.
            SELECT a.idx, i.kind, i.fingerprint, i.at, -1 AS sign
            FROM again a
            JOIN order_identifiers i ON i.tenant_id = a.tenant_id AND i.order_id = a.order_id
            UNION ALL
            SELECT g.idx, g.kind, g.fingerprint, b.at, 1
            FROM given g JOIN batch b ON b.idx = g.idx
        ), deltas AS MATERIALIZED (
            SELECT b.tenant_id, t.key_kind, k.fingerprint AS key, t.counted_kind, t.bucket_secs,
                   sekisho_velocity_bucket(k.at, t.bucket_secs) AS bucket_start,
                   c.fingerprint AS value, sum(k.sign)::integer AS delta
            FROM tracked t
            JOIN ids k ON k.kind = t.key_kind
            JOIN batch b ON b.idx = k.idx
            LEFT JOIN ids c ON c.idx = k.idx AND c.kind = t.counted_kind AND c.sign = k.sign
            WHERE t.counted_kind IS NULL OR c.kind IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            HAVING sum(k.sign) <> 0
        ), counts AS (
            -- A decrement reaches only a row that exists (an expired bucket may have been pruned).
            INSERT INTO velocity_counts AS c (tenant_id, key_kind, key, bucket_secs, bucket_start,
                                              orders)
            SELECT d.tenant_id, d.key_kind, d.key, d.bucket_secs, d.bucket_start, d.delta
            FROM deltas d
            WHERE d.counted_kind IS NULL
              AND (d.delta > 0 OR EXISTS (
                  SELECT 1 FROM velocity_counts e
                  WHERE e.tenant_id = d.tenant_id AND e.key_kind = d.key_kind AND e.key = d.key
                    AND e.bucket_secs = d.bucket_secs AND e.bucket_start = d.bucket_start))
            ORDER BY d.tenant_id, d.key_kind, d.key, d.bucket_secs, d.bucket_start
            ON CONFLICT (tenant_id, key_kind, key, bucket_secs, bucket_start)
            DO UPDATE SET orders = greatest(c.orders + excluded.orders, 0)
        ), placed AS (
            -- How full the value's bucket is, whether it has a sketch, and whether it holds the
            -- value already: one scan.
            SELECT d.*, z.size < exact_limit AND NOT z.sketched AS room, z.known > 0 AS known
            FROM deltas d, LATERAL (
                SELECT count(*) AS size, count(*) FILTER (WHERE v.value = d.value) AS known,
                       coalesce(bool_or(v.value = '\x'::bytea), false) AS sketched
                FROM velocity_values v
                WHERE v.tenant_id = d.tenant_id AND v.key_kind = d.key_kind AND v.key = d.key
                  AND v.counted_kind = d.counted_kind AND v.bucket_secs = d.bucket_secs
                  AND v.bucket_start = d.bucket_start) z
            WHERE d.counted_kind IS NOT NULL
        ), written AS (
            INSERT INTO velocity_values AS v (tenant_id, key_kind, key, counted_kind, bucket_secs,
                                              bucket_start, value, orders)
            SELECT p.tenant_id, p.key_kind, p.key, p.counted_kind, p.bucket_secs, p.bucket_start,
                   p.value, p.delta
            FROM placed p
            WHERE p.known OR (p.delta > 0 AND p.room)
            ORDER BY p.tenant_id, p.key_kind, p.key, p.counted_kind, p.bucket_secs, p.bucket_start,
                     p.value
            ON CONFLICT (tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start, value)
            DO UPDATE SET orders = greatest(v.orders + excluded.orders, 0)
        ), gone AS (
            -- The kinds a re-scored order no longer carries go; the others are updated.
            DELETE FROM order_identifiers o
            USING again a
            WHERE o.tenant_id = a.tenant_id AND o.order_id = a.order_id
              AND NOT EXISTS (SELECT 1 FROM given g WHERE g.idx = a.idx AND g.kind = o.kind)
        ), stored_first AS (
            INSERT INTO order_identifiers (tenant_id, order_id, kind, fingerprint, at)
            SELECT b.tenant_id, b.order_id, g.kind, g.fingerprint, b.at
            FROM given g JOIN batch b ON b.idx = g.idx
            WHERE b.first
        ), stored_again AS (
            INSERT INTO order_identifiers (tenant_id, order_id, kind, fingerprint, at)
            SELECT a.tenant_id, a.order_id, g.kind, g.fingerprint, a.at
            FROM given g JOIN again a ON a.idx = g.idx
            ON CONFLICT (tenant_id, order_id, kind)
            DO UPDATE SET fingerprint = excluded.fingerprint, at = excluded.at
        )
        SELECT p.tenant_id, p.key_kind, p.key, p.counted_kind, p.bucket_secs, p.bucket_start, p.value
        FROM placed p
        WHERE p.delta > 0 AND NOT p.known AND NOT p.room
        ORDER BY 1, 2, 3, 4, 5, 6, 7;
    END IF;
END
$$;
