-- The read of 2026-12-04-990051, which leaves out values at zero itself; the values deleted at
-- zero counted nothing.
DROP TRIGGER velocity_values_delete_emptied ON velocity_values;
DROP FUNCTION sekisho_delete_emptied_velocity_value();

CREATE OR REPLACE FUNCTION sekisho_orders_velocity(
    p_tenants uuid[], p_merchant_order_ids text[], p_idx integer[], metrics text[],
    key_kinds text[], keys bytea[], counted_kinds text[], counted bytea[],
    window_secs integer[], bucket_secs integer[])
RETURNS TABLE (idx integer, metric text, count bigint, sketches bytea[], exact bytea[])
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
    -- As in `sekisho_order_velocity`: bounds every counter partition outside the windows is
    -- pruned by when the plan starts.
    oldest timestamptz;
    newest timestamptz := now() + interval '1 day';
    -- The orders of the batch scored before: answered one by one by the one-order function.
    rescored integer[];
    r record;
BEGIN
    SELECT min(sekisho_velocity_bucket(now() - make_interval(secs => w.secs), w.bucket))
        INTO oldest
        FROM unnest(window_secs, bucket_secs) AS w(secs, bucket);
    SELECT array_agg(b.idx::integer) INTO rescored
        FROM unnest(p_tenants, p_merchant_order_ids) WITH ORDINALITY AS b(tenant_id, merchant_order_id, idx)
        WHERE EXISTS (SELECT 1 FROM order_keys o
                      WHERE o.tenant_id = b.tenant_id AND o.merchant_order_id = b.merchant_order_id);
    rescored := coalesce(rescored, '{}');

    -- First scorings, nearly every order: nothing of their own to take out of the counts.
    RETURN QUERY
    WITH batch AS (
        SELECT b.tenant_id, b.idx::integer AS idx
        FROM unnest(p_tenants) WITH ORDINALITY AS b(tenant_id, idx)
        WHERE NOT b.idx::integer = ANY (rescored)
    ), spec AS (
        SELECT b.tenant_id, s.*,
               sekisho_velocity_bucket(now() - make_interval(secs => s.window_secs),
                                       s.bucket_secs) AS since
        FROM unnest(p_idx, metrics, key_kinds, keys, counted_kinds, counted, window_secs,
                    bucket_secs)
            AS s(idx, metric, key_kind, key, counted_kind, counted, window_secs, bucket_secs)
        JOIN batch b ON b.idx = s.idx
    )
    SELECT s.idx, s.metric,
           CASE WHEN s.counted_kind IS NULL THEN
               (SELECT coalesce(sum(c.orders), 0) FROM velocity_counts c
                WHERE c.tenant_id = s.tenant_id AND c.key_kind = s.key_kind AND c.key = s.key
                  AND c.bucket_secs = s.bucket_secs AND c.bucket_start >= s.since
                  AND c.bucket_start >= oldest AND c.bucket_start < newest)
               + 1
           ELSE coalesce(cardinality(x.exact), 0) END::bigint,
           sk.sketches,
           CASE WHEN sk.sketches IS NOT NULL THEN x.exact END
    FROM spec s
    LEFT JOIN LATERAL (
        -- The window's exact sets, and whether a bucket of it is counted by a sketch (its
        -- marker, an empty value counting no order, is among its values).
        SELECT array_agg(v.value) FILTER (WHERE v.orders > 0) AS vals,
               array_agg(v.bucket_start) FILTER (WHERE v.orders > 0) AS starts,
               bool_or(v.value = '\x'::bytea) AS sketched
        FROM velocity_values v
        WHERE s.counted_kind IS NOT NULL
          AND v.tenant_id = s.tenant_id AND v.key_kind = s.key_kind AND v.key = s.key
          AND v.counted_kind = s.counted_kind AND v.bucket_secs = s.bucket_secs
          AND v.bucket_start >= s.since
          AND v.bucket_start >= oldest AND v.bucket_start < newest
    ) w ON true
    LEFT JOIN LATERAL (
        -- Only where a bucket has a sketch, which few ever do.
        SELECT array_agg(k.sketch) AS sketches, array_agg(k.bucket_start) AS starts
        FROM velocity_sketches k
        WHERE w.sketched
          AND k.tenant_id = s.tenant_id AND k.key_kind = s.key_kind AND k.key = s.key
          AND k.counted_kind = s.counted_kind AND k.bucket_secs = s.bucket_secs
          AND k.bucket_start >= s.since
          AND k.bucket_start >= oldest AND k.bucket_start < newest
    ) sk ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(u.value) AS exact FROM (
            -- A bucket with a sketch is counted by its sketch.
            SELECT e.value FROM unnest(w.vals, w.starts) AS e(value, bucket_start)
            WHERE sk.starts IS NULL OR e.bucket_start <> ALL (sk.starts)
            UNION
            SELECT s.counted WHERE s.counted IS NOT NULL
        ) u
    ) x ON s.counted_kind IS NOT NULL;

    -- Re-scorings (about one order in twenty): each takes its earlier contribution out.
    FOR r IN SELECT i AS idx, p_tenants[i] AS tenant_id, p_merchant_order_ids[i] AS merchant_order_id
             FROM unnest(rescored) AS i LOOP
        RETURN QUERY
        SELECT r.idx, v.metric, v.count, v.sketches, v.exact
        FROM sekisho_order_velocity(
            r.tenant_id, r.merchant_order_id,
            (SELECT array_agg(metrics[j] ORDER BY j) FROM generate_subscripts(p_idx, 1) j WHERE p_idx[j] = r.idx),
            (SELECT array_agg(key_kinds[j] ORDER BY j) FROM generate_subscripts(p_idx, 1) j WHERE p_idx[j] = r.idx),
            (SELECT array_agg(keys[j] ORDER BY j) FROM generate_subscripts(p_idx, 1) j WHERE p_idx[j] = r.idx),
            (SELECT array_agg(counted_kinds[j] ORDER BY j) FROM generate_subscripts(p_idx, 1) j WHERE p_idx[j] = r.idx),
            (SELECT array_agg(counted[j] ORDER BY j) FROM generate_subscripts(p_idx, 1) j WHERE p_idx[j] = r.idx),
            (SELECT array_agg(window_secs[j] ORDER BY j) FROM generate_subscripts(p_idx, 1) j WHERE p_idx[j] = r.idx),
            (SELECT array_agg(bucket_secs[j] ORDER BY j) FROM generate_subscripts(p_idx, 1) j WHERE p_idx[j] = r.idx)) v;
    END LOOP;
END
$$;
