-- The per-value sketch probe of 2026-12-01-700001.
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
