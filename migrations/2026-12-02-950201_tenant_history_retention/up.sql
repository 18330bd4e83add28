-- A tenant's own history retention (docs/OPERATIONS.md, "Per-tenant retention"): a merchant whose
-- contract keeps its history for less than the platform's `SEKISHO_HISTORY_RETENTION_MONTHS` gets
-- it purged sooner. The platform's retention drops whole months, shared by every tenant; a
-- shorter retention of one tenant cannot be a partition drop, so its rows older than its cut-off
-- are deleted in bounded batches, and only in the months the platform still keeps (older months
-- go whole anyway). NULL: the platform's retention alone.
ALTER TABLE tenants ADD COLUMN history_retention_months integer
    CHECK (history_retention_months BETWEEN 1 AND 120);

-- One round of the purge: for every tenant with a retention, at most `p_batch` rows of each
-- history table older than the tenant's cut-off. An order goes with its identifiers and events
-- (foreign keys, ON DELETE CASCADE) and its merchant key (trigger); an order's age is its last
-- scoring. The audit log is the platform's record and keeps the platform's retention. Returns
-- what this round removed; the caller repeats while rows come back.
CREATE FUNCTION sekisho_purge_tenant_history(p_batch integer)
RETURNS TABLE (tenant_id uuid, parent text, rows_removed bigint)
    LANGUAGE plpgsql
    SET app.scope = 'platform'
AS $$
DECLARE
    t record;
    cutoff timestamptz;
    n bigint;
BEGIN
    IF p_batch < 1 OR p_batch > 100000 THEN
        RAISE EXCEPTION 'a purge batch is 1 to 100000 rows, not %', p_batch;
    END IF;
    FOR t IN SELECT k.id, k.history_retention_months FROM tenants k
             WHERE k.history_retention_months IS NOT NULL ORDER BY k.id LOOP
        cutoff := now() - make_interval(months => t.history_retention_months);
        tenant_id := t.id;

        DELETE FROM orders o
        WHERE (o.tenant_id, o.id) IN (SELECT x.tenant_id, x.id FROM orders x
                                      WHERE x.tenant_id = t.id AND x.scored_at < cutoff
                                      LIMIT p_batch);
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN parent := 'orders'; rows_removed := n; RETURN NEXT; END IF;

        DELETE FROM payment_attempts a
        WHERE (a.tenant_id, a.id, a.attempted_at) IN (
            SELECT x.tenant_id, x.id, x.attempted_at FROM payment_attempts x
            WHERE x.tenant_id = t.id AND x.attempted_at < cutoff LIMIT p_batch);
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN parent := 'payment_attempts'; rows_removed := n; RETURN NEXT; END IF;

        DELETE FROM login_events l
        WHERE (l.tenant_id, l.id, l.at) IN (
            SELECT x.tenant_id, x.id, x.at FROM login_events x
            WHERE x.tenant_id = t.id AND x.at < cutoff LIMIT p_batch);
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN parent := 'login_events'; rows_removed := n; RETURN NEXT; END IF;

        DELETE FROM webhook_deliveries d
        WHERE (d.tenant_id, d.id, d.created_at) IN (
            SELECT x.tenant_id, x.id, x.created_at FROM webhook_deliveries x
            WHERE x.tenant_id = t.id AND x.created_at < cutoff LIMIT p_batch);
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN parent := 'webhook_deliveries'; rows_removed := n; RETURN NEXT; END IF;
    END LOOP;
END
$$;
