-- The order velocity read with a bound of its own for each counter table (docs/BENCHMARKS.md,
-- "Where the time goes"). 960001 bounded every counter scan by the oldest bucket of any window,
-- and the 30-day address metrics made that five or six weekly partitions for all three tables;
-- order counts are read over a day at most, so their scans now set up one or two weeks.
--
-- The function no longer sets `plan_cache_mode` itself: its only caller, order scoring, runs in
-- `tenancy::in_tenant_hot`, which forces generic plans for the whole transaction, and a `SET`
-- clause makes every call save, set and restore the setting (fmgr_security_definer was in
-- every call's profile).
--
-- Same answers as before (the velocity counter and scoring tests are unchanged).
CREATE OR REPLACE FUNCTION sekisho_order_velocity(
    p_tenant uuid, p_merchant_order_id text, metrics text[], key_kinds text[], keys bytea[],
    counted_kinds text[], counted bytea[], window_secs integer[], bucket_secs integer[])
RETURNS TABLE (metric text, count bigint, sketches bytea[], exact bytea[])
    LANGUAGE plpgsql STABLE
AS $$
#variable_conflict use_column
DECLARE
    -- The oldest bucket any window of a table's metrics reaches (order counts: a day at most;
    -- distinct values: 30 days), and a bound past the newest bucket a writer (on a clock a
    -- little ahead) can have started: the counter partitions outside them are pruned when the
    -- plan starts, instead of being set up and locked for every read.
    oldest_count timestamptz;
    oldest_set timestamptz;
    newest timestamptz := now() + interval '1 day';
    -- The merchant order's earlier scorings (a live and a test one at most).
    earlier_orders uuid[];
BEGIN
    SELECT min(sekisho_velocity_bucket(now() - make_interval(secs => w.secs), w.bucket))
               FILTER (WHERE w.counted_kind IS NULL),
           min(sekisho_velocity_bucket(now() - make_interval(secs => w.secs), w.bucket))
               FILTER (WHERE w.counted_kind IS NOT NULL)
        INTO oldest_count, oldest_set
        FROM unnest(counted_kinds, window_secs, bucket_secs) AS w(counted_kind, secs, bucket);
    SELECT array_agg(o.order_id) INTO earlier_orders
        FROM order_keys o
        WHERE o.tenant_id = p_tenant AND o.merchant_order_id = p_merchant_order_id;

    IF earlier_orders IS NULL THEN
        -- A first scoring, nearly every order: nothing of its own to take out of the counts.
        RETURN QUERY
        WITH spec AS (
            SELECT s.*, sekisho_velocity_bucket(now() - make_interval(secs => s.window_secs),
                                                s.bucket_secs) AS since
            FROM unnest(metrics, key_kinds, keys, counted_kinds, counted, window_secs, bucket_secs)
                AS s(metric, key_kind, key, counted_kind, counted, window_secs, bucket_secs)
        )
        SELECT s.metric,
               CASE WHEN s.counted_kind IS NULL THEN
                   (SELECT coalesce(sum(c.orders), 0) FROM velocity_counts c
                    WHERE c.tenant_id = p_tenant AND c.key_kind = s.key_kind AND c.key = s.key
                      AND c.bucket_secs = s.bucket_secs AND c.bucket_start >= s.since
                      AND c.bucket_start >= oldest_count AND c.bucket_start < newest)
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
              AND k.bucket_start >= oldest_set AND k.bucket_start < newest
        ) sk ON s.counted_kind IS NOT NULL
        LEFT JOIN LATERAL (
            SELECT array_agg(u.value) AS exact FROM (
                SELECT v.value FROM velocity_values v
                WHERE v.tenant_id = p_tenant AND v.key_kind = s.key_kind AND v.key = s.key
                  AND v.counted_kind = s.counted_kind AND v.bucket_secs = s.bucket_secs
                  AND v.bucket_start >= s.since
                  AND v.bucket_start >= oldest_set AND v.bucket_start < newest
                  -- A bucket with a sketch is counted by its sketch.
                  AND (sk.starts IS NULL OR v.bucket_start <> ALL (sk.starts))
                  AND v.orders > 0
                UNION
                SELECT s.counted WHERE s.counted IS NOT NULL
            ) u
        ) x ON s.counted_kind IS NOT NULL;
        RETURN;
    END IF;

    -- A re-scoring: what the earlier scoring put into each window is taken out again.
    RETURN QUERY
    WITH spec AS (
        SELECT s.*, sekisho_velocity_bucket(now() - make_interval(secs => s.window_secs),
                                            s.bucket_secs) AS since
        FROM unnest(metrics, key_kinds, keys, counted_kinds, counted, window_secs, bucket_secs)
            AS s(metric, key_kind, key, counted_kind, counted, window_secs, bucket_secs)
    ), earlier AS MATERIALIZED (
        -- By order id, so that only the earlier scorings' partitions of the identifiers are read.
        SELECT i.kind, i.fingerprint, i.at
        FROM order_identifiers i
        WHERE i.tenant_id = p_tenant AND i.order_id = ANY (earlier_orders)
    )
    SELECT s.metric,
           CASE WHEN s.counted_kind IS NULL THEN
               (SELECT coalesce(sum(c.orders), 0) FROM velocity_counts c
                WHERE c.tenant_id = p_tenant AND c.key_kind = s.key_kind AND c.key = s.key
                  AND c.bucket_secs = s.bucket_secs AND c.bucket_start >= s.since
                  AND c.bucket_start >= oldest_count AND c.bucket_start < newest)
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
          AND k.bucket_start >= oldest_set AND k.bucket_start < newest
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
              AND v.bucket_start >= oldest_set AND v.bucket_start < newest
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
