-- What a consortium lookup reads: one row per (identifier, reporting tenant), kept up to date by
-- statement triggers on consortium_entries, so that a lookup costs O(reporting members) instead
-- of O(reports). A common mail domain or a reported /24 carries thousands of entries; the lookup
-- used to read all of them for every order. Scoring needs, per reporting tenant, its categories,
-- its first and its latest report (decay weighs the latest): exactly what is kept here.
-- `shared` is part of the key because a tenant's entries change sharing in one statement
-- (tenants.contributes) and an entry written meanwhile may still carry the old value.
CREATE TABLE consortium_summaries (
    fingerprint bytea NOT NULL,
    kind text NOT NULL,
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    shared boolean NOT NULL,
    reports integer NOT NULL CHECK (reports > 0),
    categories text[] NOT NULL,
    first_reported_at timestamptz NOT NULL,
    last_reported_at timestamptz NOT NULL,
    PRIMARY KEY (fingerprint, kind, tenant_id, shared)
) WITH (fillfactor = 80);

-- The same visibility as the entries it summarises; written only by the triggers below, in the
-- writer's own scope (the rows have the tenant of the entries that the writer could write).
ALTER TABLE consortium_summaries ENABLE ROW LEVEL SECURITY;
ALTER TABLE consortium_summaries FORCE ROW LEVEL SECURITY;
CREATE POLICY consortium_summaries_read ON consortium_summaries FOR SELECT
    USING (shared OR tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());
CREATE POLICY consortium_summaries_write ON consortium_summaries FOR INSERT
    WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());
CREATE POLICY consortium_summaries_update ON consortium_summaries FOR UPDATE
    USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())
    WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());
CREATE POLICY consortium_summaries_delete ON consortium_summaries FOR DELETE
    USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());
GRANT SELECT, INSERT, UPDATE, DELETE ON consortium_summaries TO sekisho_app;

-- New entries are added to their summaries, aggregated per statement (an import batch of
-- thousands of entries is one upsert), in key order so that concurrent writers cannot deadlock.
CREATE FUNCTION sekisho_summarise_consortium_additions() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO consortium_summaries AS s (fingerprint, kind, tenant_id, shared, reports,
                                           categories, first_reported_at, last_reported_at)
    SELECT fingerprint, kind, tenant_id, shared, count(*),
           array_agg(DISTINCT category ORDER BY category), min(reported_at), max(reported_at)
    FROM added
    GROUP BY fingerprint, kind, tenant_id, shared
    ORDER BY fingerprint, kind, tenant_id, shared
    ON CONFLICT (fingerprint, kind, tenant_id, shared) DO UPDATE SET
        reports = s.reports + excluded.reports,
        categories = ARRAY(SELECT DISTINCT c FROM unnest(s.categories || excluded.categories) c
                           ORDER BY c),
        first_reported_at = least(s.first_reported_at, excluded.first_reported_at),
        last_reported_at = greatest(s.last_reported_at, excluded.last_reported_at);
    RETURN NULL;
END
$$;

-- Removed or changed entries (retractions, upheld disputes, a tenant changing sharing): the
-- summaries they touched are counted again from what remains. Rare, and bounded by the entries
-- at those keys. The summaries are locked first (in key order) and counted in a statement of
-- their own: a report of the same key committing meanwhile has either added itself already,
-- and the count (a new snapshot, after the lock) sees it, or waits for this recount and then
-- adds itself to the result.
CREATE FUNCTION sekisho_recount_consortium(
    p_fingerprints bytea[], p_kinds text[], p_tenants uuid[], p_shared boolean[])
RETURNS void
    LANGUAGE sql VOLATILE
AS $$
    SELECT 1 FROM consortium_summaries s
    JOIN unnest(p_fingerprints, p_kinds, p_tenants, p_shared)
        AS t(fingerprint, kind, tenant_id, shared)
      ON s.fingerprint = t.fingerprint AND s.kind = t.kind AND s.tenant_id = t.tenant_id
     AND s.shared = t.shared
    ORDER BY s.fingerprint, s.kind, s.tenant_id, s.shared
    FOR UPDATE OF s;
    WITH touched AS (
        SELECT DISTINCT * FROM unnest(p_fingerprints, p_kinds, p_tenants, p_shared)
            AS t(fingerprint, kind, tenant_id, shared)
    ), counted AS (
        SELECT t.fingerprint, t.kind, t.tenant_id, t.shared, a.reports, a.categories,
               a.first_reported_at, a.last_reported_at
        FROM touched t
        CROSS JOIN LATERAL (
            SELECT count(*)::integer AS reports,
                   array_agg(DISTINCT e.category ORDER BY e.category) AS categories,
                   min(e.reported_at) AS first_reported_at, max(e.reported_at) AS last_reported_at
            FROM consortium_entries e
            WHERE e.fingerprint = t.fingerprint AND e.kind = t.kind
              AND e.tenant_id = t.tenant_id AND e.shared = t.shared
        ) a
    ), gone AS (
        DELETE FROM consortium_summaries s USING counted c
        WHERE c.reports = 0 AND s.fingerprint = c.fingerprint AND s.kind = c.kind
          AND s.tenant_id = c.tenant_id AND s.shared = c.shared
    )
    INSERT INTO consortium_summaries AS s (fingerprint, kind, tenant_id, shared, reports,
                                           categories, first_reported_at, last_reported_at)
    SELECT * FROM counted WHERE reports > 0
    ORDER BY fingerprint, kind, tenant_id, shared
    ON CONFLICT (fingerprint, kind, tenant_id, shared) DO UPDATE SET
        reports = excluded.reports, categories = excluded.categories,
        first_reported_at = excluded.first_reported_at,
        last_reported_at = excluded.last_reported_at
$$;

CREATE FUNCTION sekisho_resummarise_consortium_removals() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM sekisho_recount_consortium(array_agg(fingerprint), array_agg(kind),
                                       array_agg(tenant_id), array_agg(shared))
    FROM removed;
    RETURN NULL;
END
$$;

CREATE FUNCTION sekisho_resummarise_consortium_changes() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM sekisho_recount_consortium(array_agg(fingerprint), array_agg(kind),
                                       array_agg(tenant_id), array_agg(shared))
    FROM (SELECT fingerprint, kind, tenant_id, shared FROM removed
          UNION SELECT fingerprint, kind, tenant_id, shared FROM added) changed;
    RETURN NULL;
END
$$;

CREATE TRIGGER consortium_entries_summarise_additions
    AFTER INSERT ON consortium_entries
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION sekisho_summarise_consortium_additions();
CREATE TRIGGER consortium_entries_resummarise_removals
    AFTER DELETE ON consortium_entries
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION sekisho_resummarise_consortium_removals();
CREATE TRIGGER consortium_entries_resummarise_changes
    AFTER UPDATE ON consortium_entries
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION sekisho_resummarise_consortium_changes();

INSERT INTO consortium_summaries (fingerprint, kind, tenant_id, shared, reports, categories,
                                  first_reported_at, last_reported_at)
SELECT fingerprint, kind, tenant_id, shared, count(*),
       array_agg(DISTINCT category ORDER BY category), min(reported_at), max(reported_at)
FROM consortium_entries
GROUP BY fingerprint, kind, tenant_id, shared;
