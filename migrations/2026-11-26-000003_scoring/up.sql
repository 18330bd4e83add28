-- Real-time scoring: scored orders and the fingerprints of their identifiers (for velocity and
-- for telling merchants when a recent order later matches the consortium), tenants' allow and
-- block lists, versioned policies (thresholds and rules), manual reviews and outcomes.

CREATE TABLE orders (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    merchant_order_id text NOT NULL CHECK (length(merchant_order_id) BETWEEN 1 AND 200),
    ordered_at timestamptz NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    payment_method text NOT NULL,
    account_id text,
    -- accept | review | reject: Sekisho's automatic decision.
    decision text NOT NULL CHECK (decision IN ('accept', 'review', 'reject')),
    score smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
    reasons jsonb NOT NULL,
    three_ds text NOT NULL CHECK (three_ds IN ('frictionless', 'challenge', 'none')),
    policy_version integer NOT NULL,
    -- Passive (shadow) rules that matched: recorded, not applied.
    shadow_rules jsonb NOT NULL DEFAULT '[]'::jsonb,
    -- The signals the decision was made from, so that rules can be backtested on past orders.
    signals jsonb NOT NULL,
    -- Masked request details for the dashboard (no raw identifiers).
    summary jsonb NOT NULL,
    -- Where the order stands: accepted, in_review, rejected (after review: accepted/rejected/held).
    status text NOT NULL CHECK (status IN ('accepted', 'in_review', 'held', 'rejected')),
    review_decision text CHECK (review_decision IN ('accept', 'reject', 'hold')),
    reviewed_by text,
    reviewed_at timestamptz,
    review_note text,
    authorization_result text,
    chargeback_at timestamptz,
    refunded_at timestamptz,
    delivered_at timestamptz,
    idempotency_key text,
    scored_at timestamptz NOT NULL DEFAULT now(),
    times_scored integer NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, merchant_order_id)
);
CREATE UNIQUE INDEX orders_idempotency ON orders (tenant_id, idempotency_key);
CREATE INDEX orders_review_queue ON orders (tenant_id, scored_at) WHERE status IN ('in_review', 'held');
CREATE INDEX orders_recent ON orders (tenant_id, scored_at DESC);

-- Keyed fingerprints of each order's identifiers (the consortium key; tenant-scoped rows).
CREATE TABLE order_identifiers (
    tenant_id uuid NOT NULL,
    order_id uuid NOT NULL,
    kind text NOT NULL,
    fingerprint bytea NOT NULL CHECK (length(fingerprint) = 32),
    at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, order_id, kind),
    FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
-- Velocity finds an order's neighbours by fingerprint (selective on its own), and matching new
-- consortium reports against recent orders of every tenant does too; the neighbours' other
-- identifiers are then read through the primary key.
CREATE INDEX order_identifiers_fingerprint ON order_identifiers (fingerprint, kind);

CREATE TABLE order_events (
    tenant_id uuid NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    order_id uuid NOT NULL,
    -- review | authorization | chargeback | refund | delivery | payment
    type text NOT NULL,
    details jsonb NOT NULL,
    actor text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX order_events_order ON order_events (tenant_id, order_id, at);

CREATE TABLE tenant_lists (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    list text NOT NULL CHECK (list IN ('allow', 'block')),
    kind text NOT NULL,
    fingerprint bytea NOT NULL CHECK (length(fingerprint) = 32),
    -- Masked value so that staff recognise the entry.
    display text NOT NULL,
    note text,
    expires_at timestamptz,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, list, kind, fingerprint)
);

CREATE TABLE tenant_policies (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    version integer NOT NULL CHECK (version >= 1),
    -- Scores at or above review_at go to review, at or above reject_at are rejected.
    review_at smallint NOT NULL CHECK (review_at BETWEEN 1 AND 100),
    reject_at smallint NOT NULL CHECK (reject_at BETWEEN 1 AND 101),
    rules jsonb NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, version),
    CHECK (review_at <= reject_at)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['orders', 'order_identifiers', 'order_events', 'tenant_lists',
                             'tenant_policies'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
            'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
            t || '_tenant', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON orders, order_identifiers, order_events, tenant_lists,
    tenant_policies TO sekisho_app;
