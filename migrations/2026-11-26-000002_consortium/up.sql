-- The consortium negative database: tenants' fraud reports, the keyed fingerprints they share,
-- each contributor's record (for trust), platform warninglists and disputes, and the reference
-- lists (IP reputation and country, card BINs, vacant-room and forwarder addresses) that the
-- importers fill and scoring reads.
--
-- No raw identifier is stored here: only HMAC-SHA256 fingerprints under the consortium key, which
-- lives outside the database. A report keeps a masked summary for its own tenant's lists.

CREATE TABLE fraud_reports (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    category text NOT NULL
        CHECK (category IN ('chargeback', 'unpaid', 'resale', 'card_testing', 'account_takeover', 'other')),
    -- In the currency's minor unit (yen for JPY, cents for USD).
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    occurred_at timestamptz NOT NULL,
    order_id text CHECK (length(order_id) <= 200),
    reported_at timestamptz NOT NULL DEFAULT now(),
    retracted_at timestamptz,
    created_by text NOT NULL,
    -- 'api', 'import' or 'outcome'.
    source text NOT NULL,
    -- Idempotency-Key of the API call, or the importer's row digest: a retry finds the first.
    idempotency_key text,
    -- Masked identifiers (e.g. t***@example.jp, 41111111******1111) for the tenant's own lists.
    summary jsonb NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- NULLs are distinct, so reports without a key never conflict.
CREATE UNIQUE INDEX fraud_reports_idempotency ON fraud_reports (tenant_id, idempotency_key);
CREATE INDEX fraud_reports_listing ON fraud_reports (tenant_id, reported_at DESC, id DESC);

-- One row per (report, identifier). Keyed by fingerprint first: lookups go by fingerprint, and a
-- distributed deployment shards this table by it.
CREATE TABLE consortium_entries (
    fingerprint bytea NOT NULL CHECK (length(fingerprint) = 32),
    kind text NOT NULL,
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    report_id uuid NOT NULL,
    category text NOT NULL,
    reported_at timestamptz NOT NULL,
    -- Whether the contributor shares it (tenants.contributes); unshared entries serve only the
    -- tenant itself.
    shared boolean NOT NULL,
    PRIMARY KEY (fingerprint, kind, tenant_id, report_id),
    FOREIGN KEY (tenant_id, report_id) REFERENCES fraud_reports (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX consortium_entries_report ON consortium_entries (tenant_id, report_id);

-- What trust in a contributor is derived from; readable by every tenant's lookups.
CREATE TABLE contributor_records (
    tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    reports bigint NOT NULL DEFAULT 0,
    retractions bigint NOT NULL DEFAULT 0,
    disputes_upheld bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Values that never count as negative data (test cards, big mail providers' domains, …).
CREATE TABLE warninglist_values (
    id uuid PRIMARY KEY,
    kind text NOT NULL,
    fingerprint bytea NOT NULL CHECK (length(fingerprint) = 32),
    -- What the entry is, in words (the value itself is not stored).
    label text NOT NULL,
    source text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    removed_at timestamptz,
    UNIQUE (kind, fingerprint)
);

-- Network ranges whose IPs never count (shared infrastructure, carrier NAT, private ranges).
CREATE TABLE warninglist_ranges (
    id uuid PRIMARY KEY,
    range cidr NOT NULL UNIQUE,
    label text NOT NULL,
    source text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    removed_at timestamptz
);

CREATE TABLE consortium_disputes (
    id uuid PRIMARY KEY,
    kinds text[] NOT NULL,
    fingerprints bytea[] NOT NULL,
    reason text NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'rejected')),
    opened_by text NOT NULL,
    opened_at timestamptz NOT NULL DEFAULT now(),
    resolved_by text,
    resolved_at timestamptz,
    resolution_note text,
    entries_removed integer NOT NULL DEFAULT 0,
    CHECK (cardinality(kinds) = cardinality(fingerprints) AND cardinality(kinds) > 0)
);
CREATE INDEX consortium_disputes_status ON consortium_disputes (status, opened_at DESC);

-- Reference lists, imported by `sekisho import`.
CREATE TABLE ip_reputation (
    range cidr NOT NULL,
    tag text NOT NULL CHECK (tag IN ('tor', 'proxy', 'vpn', 'datacenter')),
    source text NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (range, tag)
);
CREATE INDEX ip_reputation_range ON ip_reputation USING gist (range inet_ops);

CREATE TABLE ip_countries (
    ip_from inet NOT NULL,
    ip_to inet NOT NULL,
    country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    source text NOT NULL,
    PRIMARY KEY (ip_from),
    CHECK (family(ip_from) = family(ip_to) AND ip_from <= ip_to)
);

CREATE TABLE card_bins (
    bin text PRIMARY KEY CHECK (bin ~ '^[0-9]{6,8}$'),
    brand text NOT NULL,
    issuer_country text CHECK (issuer_country ~ '^[A-Z]{2}$'),
    card_type text,
    issuer text,
    source text NOT NULL
);

CREATE TABLE reference_addresses (
    list text NOT NULL CHECK (list IN ('vacant_room', 'forwarder')),
    kind text NOT NULL CHECK (kind IN ('address_delivery_point', 'address_building')),
    fingerprint bytea NOT NULL CHECK (length(fingerprint) = 32),
    label text,
    source text NOT NULL,
    PRIMARY KEY (list, kind, fingerprint)
);

-- Row-level security: a tenant reads and writes its own reports; the shared tables are readable
-- by every tenant (fingerprints, contributor counts), written by their owner or the platform.
ALTER TABLE fraud_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE fraud_reports FORCE ROW LEVEL SECURITY;
CREATE POLICY fraud_reports_tenant ON fraud_reports FOR ALL
    USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())
    WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());

ALTER TABLE consortium_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE consortium_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY consortium_entries_read ON consortium_entries FOR SELECT
    USING (shared OR tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());
CREATE POLICY consortium_entries_insert ON consortium_entries FOR INSERT
    WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());
CREATE POLICY consortium_entries_update ON consortium_entries FOR UPDATE
    USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())
    WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());
CREATE POLICY consortium_entries_delete ON consortium_entries FOR DELETE
    USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());

ALTER TABLE contributor_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE contributor_records FORCE ROW LEVEL SECURITY;
CREATE POLICY contributor_records_read ON contributor_records FOR SELECT USING (true);
CREATE POLICY contributor_records_write ON contributor_records FOR INSERT
    WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());
CREATE POLICY contributor_records_update ON contributor_records FOR UPDATE
    USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())
    WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope());

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['warninglist_values', 'warninglist_ranges', 'consortium_disputes',
                             'ip_reputation', 'ip_countries', 'card_bins', 'reference_addresses'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        -- Disputes are the platform's business alone; the lists are read by every lookup.
        IF t = 'consortium_disputes' THEN
            EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (sekisho_platform_scope()) '
                           'WITH CHECK (sekisho_platform_scope())', t || '_platform', t);
        ELSE
            EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (true)', t || '_read', t);
            EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (sekisho_platform_scope()) '
                           'WITH CHECK (sekisho_platform_scope())', t || '_platform', t);
        END IF;
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE ON fraud_reports TO sekisho_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON consortium_entries, contributor_records,
    warninglist_values, warninglist_ranges, consortium_disputes, ip_reputation, ip_countries,
    card_bins, reference_addresses TO sekisho_app;
