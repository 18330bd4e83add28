-- Keeps every process's in-memory consortium filter fresh (api::consortium_filter): each
-- statement that adds consortium entries logs their fingerprints under a change sequence and
-- sends ONE notification on `sekisho_consortium` carrying the range of sequence numbers it
-- wrote ("first last"), delivered at commit (never on rollback). A listener reads that range;
-- an importer writing 45,000 identifiers a second sends one notification per statement, not
-- per row. Fingerprints only: nothing here says who reported what.
CREATE TABLE consortium_changes (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fingerprint bytea NOT NULL,
    logged_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consortium_changes_age ON consortium_changes (logged_at);

ALTER TABLE consortium_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE consortium_changes FORCE ROW LEVEL SECURITY;
-- Every process reads the whole log (fingerprints of every tenant's entries, like the filter).
CREATE POLICY consortium_changes_read ON consortium_changes FOR SELECT USING (true);
CREATE POLICY consortium_changes_prune ON consortium_changes FOR DELETE USING (true);
GRANT SELECT, DELETE ON consortium_changes TO sekisho_app;

CREATE FUNCTION sekisho_log_consortium_additions() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    first bigint;
    last bigint;
BEGIN
    WITH logged AS (
        INSERT INTO consortium_changes (fingerprint) SELECT fingerprint FROM added RETURNING seq
    )
    SELECT min(seq), max(seq) INTO first, last FROM logged;
    IF first IS NOT NULL THEN
        PERFORM pg_notify('sekisho_consortium', first || ' ' || last);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER consortium_entries_log_additions
    AFTER INSERT ON consortium_entries
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION sekisho_log_consortium_additions();
