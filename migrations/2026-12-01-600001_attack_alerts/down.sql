DROP INDEX card_testing_alerts_prefix;
DROP INDEX card_testing_alerts_source;
DELETE FROM card_testing_alerts WHERE kind <> 'card_testing' OR window_secs NOT IN (3600, 86400);
ALTER TABLE card_testing_alerts DROP CONSTRAINT card_testing_alerts_window_secs_check;
ALTER TABLE card_testing_alerts ADD CONSTRAINT card_testing_alerts_window_secs_check
    CHECK (window_secs IN (3600, 86400));
ALTER TABLE card_testing_alerts
    DROP COLUMN resolved_by,
    DROP COLUMN resolved_at,
    DROP COLUMN acknowledged_by,
    DROP COLUMN acknowledged_at,
    DROP COLUMN ip_prefix,
    DROP COLUMN kind;
CREATE INDEX card_testing_alerts_source ON card_testing_alerts (tenant_id, source_kind, source_value, active_until);
