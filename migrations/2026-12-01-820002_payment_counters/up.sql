-- Card-attempt velocity from counters kept as attempts are stored, like order velocity
-- (2026-12-01-700001): reading a source's attempts and declines over 1 h and 24 h costs
-- O(buckets in the window) — 61 one-minute and 25 one-hour buckets — instead of re-reading every
-- attempt of the source (the whole tenant is a source: a busy shop makes tens of thousands of
-- attempts a day). Windows are rounded out to whole buckets.
-- A row per (tenant, source kind, source, bucket size, bucket start, shard). The tenant-wide
-- source is one key for every attempt of the tenant: it is spread over 8 shards (picked from
-- the attempt's id) so that concurrent attempts do not queue on one row lock; the others use
-- shard 0.
CREATE TABLE attempt_counts (
    tenant_id uuid NOT NULL,
    -- Test-mode attempts (docs/TESTING.md) are counted apart from live ones.
    livemode boolean NOT NULL,
    source_kind text NOT NULL,
    source bytea NOT NULL,
    bucket_secs integer NOT NULL CHECK (bucket_secs > 0),
    bucket_start timestamptz NOT NULL,
    shard smallint NOT NULL,
    attempts integer NOT NULL,
    failures integer NOT NULL,
    PRIMARY KEY (tenant_id, livemode, source_kind, source, bucket_secs, bucket_start, shard)
) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02,
        autovacuum_analyze_scale_factor = 0.05, autovacuum_vacuum_cost_delay = 1);

ALTER TABLE attempt_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE attempt_counts FORCE ROW LEVEL SECURITY;
CREATE POLICY attempt_counts_tenant ON attempt_counts FOR ALL
    USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())
    WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());
GRANT SELECT, INSERT, UPDATE, DELETE ON attempt_counts TO sekisho_app;

-- The sources of an attempt as counters key them: the same function for writing and reading,
-- so that an IP is one key however it was written.
CREATE FUNCTION sekisho_attempt_sources(
    p_ip inet, p_device text, p_account bytea, p_bin text)
RETURNS TABLE (source_kind text, source bytea)
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT k, s FROM (VALUES
        ('account', p_account),
        ('bin', convert_to(p_bin, 'UTF8')),
        ('device', convert_to(p_device, 'UTF8')),
        ('ip', convert_to(host(p_ip), 'UTF8')),
        ('tenant', '\x'::bytea)) AS v(k, s)
    WHERE s IS NOT NULL
$$;

-- Every stored attempt counts once in each of its sources' buckets, written in key order so
-- that concurrent attempts lock shared counters in one order and cannot deadlock. `sign` -1
-- takes an attempt out again (a changed or removed row), never below zero.
CREATE FUNCTION sekisho_count_attempt(
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
               CASE WHEN s.source_kind = 'tenant' THEN get_byte(uuid_send(p_id), 15) % 8
                    ELSE 0 END,
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
                     CASE WHEN s.source_kind = 'tenant' THEN get_byte(uuid_send(p_id), 15) % 8
                          ELSE 0 END AS shard
              FROM sekisho_attempt_sources(p_ip, p_device, p_account, p_bin) s
              CROSS JOIN (VALUES (60), (3600)) AS b(secs)) k
        WHERE c.tenant_id = p_tenant AND c.livemode = p_livemode
          AND c.source_kind = k.source_kind AND c.source = k.source
          AND c.bucket_secs = k.bucket_secs AND c.bucket_start = k.bucket_start
          AND c.shard = k.shard;
    END IF;
END
$$;

-- An attempt changed or removed moves the counters with it.
CREATE FUNCTION sekisho_count_payment_attempt() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM sekisho_count_attempt(OLD.tenant_id, OLD.livemode, OLD.id, OLD.attempted_at, OLD.ip,
                                      OLD.device_id, OLD.account_fingerprint, OLD.bin,
                                      OLD.result = 'declined', -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM sekisho_count_attempt(NEW.tenant_id, NEW.livemode, NEW.id, NEW.attempted_at, NEW.ip,
                                      NEW.device_id, NEW.account_fingerprint, NEW.bin,
                                      NEW.result = 'declined', 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER payment_attempts_count
    AFTER INSERT OR UPDATE OR DELETE ON payment_attempts
    FOR EACH ROW EXECUTE FUNCTION sekisho_count_payment_attempt();

-- Attempts and declines of each source of an attempt in the hour and the 24 hours up to `p_at`
-- (not counting the attempt itself, which is stored after). Sources without attempts in the
-- 24 hours are absent.
CREATE FUNCTION sekisho_payment_velocity(
    p_tenant uuid, p_at timestamptz, p_ip inet, p_device text, p_account bytea, p_bin text,
    p_livemode boolean)
RETURNS TABLE (kind text, attempts_1h bigint, failures_1h bigint, attempts_24h bigint,
               failures_24h bigint)
    LANGUAGE plpgsql STABLE
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT s.source_kind,
           coalesce(sum(c.attempts) FILTER (WHERE c.bucket_secs = 60), 0)::bigint,
           coalesce(sum(c.failures) FILTER (WHERE c.bucket_secs = 60), 0)::bigint,
           coalesce(sum(c.attempts) FILTER (WHERE c.bucket_secs = 3600), 0)::bigint,
           coalesce(sum(c.failures) FILTER (WHERE c.bucket_secs = 3600), 0)::bigint
    FROM sekisho_attempt_sources(p_ip, p_device, p_account, p_bin) s
    JOIN attempt_counts c
      ON c.tenant_id = p_tenant AND c.livemode = p_livemode AND c.source_kind = s.source_kind
     AND c.source = s.source
     AND ((c.bucket_secs = 60
           AND c.bucket_start >= sekisho_velocity_bucket(p_at - interval '1 hour', 60))
       OR (c.bucket_secs = 3600
           AND c.bucket_start >= sekisho_velocity_bucket(p_at - interval '24 hours', 3600)))
     AND c.bucket_start <= p_at
    GROUP BY s.source_kind
    HAVING sum(c.attempts) FILTER (WHERE c.bucket_secs = 3600) > 0;
END
$$;

GRANT EXECUTE ON FUNCTION sekisho_attempt_sources(inet, text, bytea, text),
    sekisho_payment_velocity(uuid, timestamptz, inet, text, bytea, text, boolean)
    TO sekisho_app;

-- The hourly pruning of velocity buckets takes the attempt counters too.
CREATE OR REPLACE FUNCTION sekisho_prune_velocity(older_than interval) RETURNS bigint
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
    DELETE FROM attempt_counts WHERE bucket_start < now() - older_than;
    GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
    RETURN removed;
END
$$;

-- Attempts stored before the counters existed are counted (those a 24-hour window still sees).
INSERT INTO attempt_counts (tenant_id, livemode, source_kind, source, bucket_secs, bucket_start,
                            shard, attempts, failures)
SELECT a.tenant_id, a.livemode, s.source_kind, s.source, b.secs,
       sekisho_velocity_bucket(a.attempted_at, b.secs),
       CASE WHEN s.source_kind = 'tenant' THEN get_byte(uuid_send(a.id), 15) % 8 ELSE 0 END,
       count(*), count(*) FILTER (WHERE a.result = 'declined')
FROM payment_attempts a
CROSS JOIN LATERAL sekisho_attempt_sources(a.ip, a.device_id, a.account_fingerprint, a.bin) s
CROSS JOIN (VALUES (60), (3600)) AS b(secs)
WHERE a.attempted_at > now() - interval '25 hours'
GROUP BY 1, 2, 3, 4, 5, 6, 7;
