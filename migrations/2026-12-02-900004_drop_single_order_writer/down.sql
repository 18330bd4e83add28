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
GRANT EXECUTE ON FUNCTION sekisho_store_order_identifiers(uuid, uuid, timestamptz, text[], bytea[],
    text[], text[], integer[], integer) TO sekisho_app;
