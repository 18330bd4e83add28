-- Alerts beyond card testing: login attacks (credential stuffing, brute force, automated devices)
-- and accounts just taken over share the card-testing alert table (its name is historical), so
-- that one read finds every attack an order's or payment's IP, IP prefix, device, account or BIN
-- was part of. Staff acknowledge or resolve an alert, which ends its effect.

ALTER TABLE card_testing_alerts
    ADD COLUMN kind text NOT NULL DEFAULT 'card_testing'
        CHECK (kind IN ('card_testing', 'credential_stuffing', 'brute_force', 'automation',
                        'account_takeover')),
    -- The network of an IP source (its /24 or /48), so that a neighbour of the source matches.
    ADD COLUMN ip_prefix cidr,
    ADD COLUMN acknowledged_at timestamptz,
    ADD COLUMN acknowledged_by text,
    ADD COLUMN resolved_at timestamptz,
    ADD COLUMN resolved_by text;

ALTER TABLE card_testing_alerts DROP CONSTRAINT card_testing_alerts_window_secs_check;
ALTER TABLE card_testing_alerts ADD CONSTRAINT card_testing_alerts_window_secs_check
    CHECK (window_secs IN (600, 3600, 86400));

-- The reads of order and payment scoring: alerts still in force (neither acknowledged nor
-- resolved) for one source, or for the network of the order's IP.
DROP INDEX card_testing_alerts_source;
CREATE INDEX card_testing_alerts_source ON card_testing_alerts
    (tenant_id, source_kind, source_value, active_until)
    WHERE acknowledged_at IS NULL AND resolved_at IS NULL;
CREATE INDEX card_testing_alerts_prefix ON card_testing_alerts (tenant_id, ip_prefix, active_until)
    WHERE ip_prefix IS NOT NULL AND acknowledged_at IS NULL AND resolved_at IS NULL;
