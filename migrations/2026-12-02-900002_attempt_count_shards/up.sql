-- Card-attempt counters (2026-12-01-820002) spread every source over shards, not only the
-- tenant-wide one. Under a card-testing burst one IP, one BIN and one device carry most of the
-- attempts, and each attempt's transaction held their counter rows until its commit: the
-- benchmark's payment scenario spent most of its time in row-lock waits
-- (Lock:transactionid on the attempt insert). The tenant source keeps 8 shards; the others get
-- 4, so that reading a busy source costs at most 4 × 86 buckets. A shard is picked from the
-- attempt's id, so writing and taking an attempt out again reach the same row.
CREATE FUNCTION sekisho_attempt_shard(p_source_kind text, p_id uuid) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT (get_byte(uuid_send(p_id), 15) % CASE WHEN p_source_kind = 'tenant' THEN 8 ELSE 4 END)::smallint
$$;
GRANT EXECUTE ON FUNCTION sekisho_attempt_shard(text, uuid) TO sekisho_app;

CREATE OR REPLACE FUNCTION sekisho_count_attempt(
    p_tenant uuid, p_livemode boolean, p_id uuid, p_at timestamptz, p_ip inet, p_device text,
    p_account bytea, p_bin text, p_declined boolean, p_sign integer)
RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    IF p_sign > 0 THEN
        INSERT INTO attempt_counts AS c (tenant_id, livemode, source_kind, source, bucket_secs,
                                         bucket_start, shard, attempts, failures)
        SELECT p_tenant, p_livemode, s.source_kind, s.source, b.secs, sekisho_velocity_bucket(p_at, b.secs),
               sekisho_attempt_shard(s.source_kind, p_id),
               1, p_declined::integer
        FROM sekisho_attempt_sources(p_ip, p_device, p_account, p_bin) s
        CROSS JOIN (VALUES (60), (3600)) AS b(secs)
        ORDER BY 3, 4, 5, 6, 7
        ON CONFLICT (tenant_id, livemode, source_kind, source, bucket_secs, bucket_start, shard)
        DO UPDATE SET attempts = c.attempts + 1, failures = c.failures + excluded.failures;
    ELSE
        UPDATE attempt_counts c
        SET attempts = greatest(c.attempts - 1, 0),
            failures = greatest(c.failures - p_declined::integer, 0)
        FROM (SELECT s.source_kind, s.source, b.secs AS bucket_secs,
                     sekisho_velocity_bucket(p_at, b.secs) AS bucket_start,
                     sekisho_attempt_shard(s.source_kind, p_id) AS shard
              FROM sekisho_attempt_sources(p_ip, p_device, p_account, p_bin) s
              CROSS JOIN (VALUES (60), (3600)) AS b(secs)) k
        WHERE c.tenant_id = p_tenant AND c.livemode = p_livemode
          AND c.source_kind = k.source_kind AND c.source = k.source
          AND c.bucket_secs = k.bucket_secs AND c.bucket_start = k.bucket_start
          AND c.shard = k.shard;
    END IF;
END
$$;


-- The counters are derived data: rebuilt with the new shards from the attempts a 24-hour window
-- still sees, so that taking out an attempt counted before this change reaches its row.
DELETE FROM attempt_counts;
INSERT INTO attempt_counts (tenant_id, livemode, source_kind, source, bucket_secs, bucket_start,
                            shard, attempts, failures)
SELECT a.tenant_id, a.livemode, s.source_kind, s.source, b.secs,
       sekisho_velocity_bucket(a.attempted_at, b.secs),
       sekisho_attempt_shard(s.source_kind, a.id),
       count(*), count(*) FILTER (WHERE a.result = 'declined')
FROM payment_attempts a
CROSS JOIN LATERAL sekisho_attempt_sources(a.ip, a.device_id, a.account_fingerprint, a.bin) s
CROSS JOIN (VALUES (60), (3600)) AS b(secs)
WHERE a.attempted_at > now() - interval '25 hours'
GROUP BY 1, 2, 3, 4, 5, 6, 7;
