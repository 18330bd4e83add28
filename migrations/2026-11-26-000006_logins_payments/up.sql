-- Logins and card payment attempts: each event with Sekisho's decision, the velocity counts of
-- brute force, credential stuffing and card testing (クレジットマスター) read from these tables
-- (so that they hold across API replicas), and the card-testing alerts.
--
-- Accounts are stored only as keyed fingerprints (merchants' account ids are often emails);
-- cards only as BIN, last 4, brand and fingerprint; device ids (opaque tokens, such as the
-- device tag's `dv_…`) as sent, so that they join with `devices`.

CREATE TABLE login_events (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    -- HMAC of the merchant's account id under the consortium key, scoped to the tenant.
    account_fingerprint bytea NOT NULL CHECK (length(account_fingerprint) = 32),
    success boolean NOT NULL,
    ip inet NOT NULL,
    ip_prefix cidr NOT NULL,
    device_id text CHECK (length(device_id) BETWEEN 1 AND 200),
    user_agent text CHECK (length(user_agent) <= 1024),
    decision text NOT NULL CHECK (decision IN ('allow', 'challenge', 'deny')),
    score smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
    reasons jsonb NOT NULL,
    at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX login_events_account ON login_events (tenant_id, account_fingerprint, at);
CREATE INDEX login_events_ip ON login_events (tenant_id, ip, at);
CREATE INDEX login_events_device ON login_events (tenant_id, device_id, at)
    WHERE device_id IS NOT NULL;
CREATE INDEX login_events_at ON login_events (tenant_id, at);

CREATE TABLE payment_attempts (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    -- The consortium fingerprint of the full number, or of the merchant's card token.
    card_fingerprint bytea CHECK (length(card_fingerprint) = 32),
    bin text CHECK (bin ~ '^[0-9]{6,8}$'),
    last4 text CHECK (last4 ~ '^[0-9]{4}$'),
    brand text,
    issuer_country text CHECK (issuer_country ~ '^[A-Z]{2}$'),
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    result text NOT NULL CHECK (result IN ('approved', 'declined')),
    decline_code text,
    three_ds_status text,
    three_ds_flow text,
    eci text,
    ip inet,
    device_id text CHECK (length(device_id) BETWEEN 1 AND 200),
    account_fingerprint bytea CHECK (length(account_fingerprint) = 32),
    order_id text CHECK (length(order_id) BETWEEN 1 AND 200),
    decision text NOT NULL CHECK (decision IN ('accept', 'review', 'reject')),
    score smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
    reasons jsonb NOT NULL,
    attempted_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
-- Approval-rate analytics and the tenant-wide card-testing window.
CREATE INDEX payment_attempts_at ON payment_attempts (tenant_id, attempted_at) INCLUDE (result);
CREATE INDEX payment_attempts_ip ON payment_attempts (tenant_id, ip, attempted_at)
    WHERE ip IS NOT NULL;
CREATE INDEX payment_attempts_device ON payment_attempts (tenant_id, device_id, attempted_at)
    WHERE device_id IS NOT NULL;
CREATE INDEX payment_attempts_account ON payment_attempts (tenant_id, account_fingerprint, attempted_at)
    WHERE account_fingerprint IS NOT NULL;
CREATE INDEX payment_attempts_bin ON payment_attempts (tenant_id, bin, attempted_at)
    WHERE bin IS NOT NULL;

CREATE TABLE card_testing_alerts (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    source_kind text NOT NULL CHECK (source_kind IN ('ip', 'device', 'account', 'bin', 'tenant')),
    -- How attempts are matched: the IP, the BIN, the device id, the hex fingerprint of an account,
    -- '*' for the tenant.
    source_value text NOT NULL,
    -- What staff see: the IP, the BIN, a masked device or account id.
    display text NOT NULL,
    window_secs integer NOT NULL CHECK (window_secs IN (3600, 86400)),
    failures integer NOT NULL,
    attempts integer NOT NULL,
    failure_rate double precision NOT NULL CHECK (failure_rate BETWEEN 0 AND 1),
    detected_at timestamptz NOT NULL,
    active_until timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (active_until > detected_at)
);
CREATE INDEX card_testing_alerts_source ON card_testing_alerts (tenant_id, source_kind, source_value, active_until);
CREATE INDEX card_testing_alerts_recent ON card_testing_alerts (tenant_id, detected_at DESC);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['login_events', 'payment_attempts', 'card_testing_alerts'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
            'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
            t || '_tenant', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON login_events, payment_attempts, card_testing_alerts
    TO sekisho_app;
