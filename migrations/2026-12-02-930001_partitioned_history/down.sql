-- Back to plain tables, keeping every row (partitions and default partition alike).
SELECT set_config('app.scope', 'platform', true);

CREATE FUNCTION pg_temp.sekisho_unpartition_history_table(p_table text) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('ALTER TABLE %I RENAME TO %I', p_table, p_table || '_partitioned');
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS '
                   'INCLUDING GENERATED INCLUDING COMMENTS)', p_table, p_table || '_partitioned');
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', p_table, p_table || '_partitioned');
    EXECUTE format('DROP TABLE %I', p_table || '_partitioned');
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', p_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', p_table);
    EXECUTE format(
        'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope()) '
        'WITH CHECK (tenant_id = sekisho_current_tenant() OR sekisho_platform_scope())',
        p_table || '_tenant', p_table);
END
$$;

ALTER SEQUENCE audit_log_id_seq OWNED BY NONE;
ALTER SEQUENCE audit_log_id_seq RENAME TO audit_log_id_seq_partitioned;
SELECT pg_temp.sekisho_unpartition_history_table('audit_log');
ALTER TABLE audit_log ALTER COLUMN id DROP DEFAULT;
ALTER TABLE audit_log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
SELECT setval(pg_get_serial_sequence('audit_log', 'id'),
              (SELECT last_value FROM audit_log_id_seq_partitioned), true);
DROP SEQUENCE audit_log_id_seq_partitioned;
ALTER TABLE audit_log ADD PRIMARY KEY (id);
ALTER TABLE audit_log ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE SET NULL;
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC);
GRANT SELECT, INSERT ON audit_log TO sekisho_app;

SELECT pg_temp.sekisho_unpartition_history_table('login_events');
ALTER TABLE login_events ADD PRIMARY KEY (tenant_id, id);
ALTER TABLE login_events ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
CREATE INDEX login_events_account ON login_events (tenant_id, account_fingerprint, at);
CREATE INDEX login_events_ip ON login_events (tenant_id, ip, at);
CREATE INDEX login_events_device ON login_events (tenant_id, device_id, at)
    WHERE device_id IS NOT NULL;
CREATE INDEX login_events_at ON login_events (tenant_id, at);
GRANT SELECT, INSERT, UPDATE, DELETE ON login_events TO sekisho_app;

SELECT pg_temp.sekisho_unpartition_history_table('payment_attempts');
ALTER TABLE payment_attempts ADD PRIMARY KEY (tenant_id, id);
ALTER TABLE payment_attempts ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
CREATE INDEX payment_attempts_at ON payment_attempts (tenant_id, attempted_at) INCLUDE (result);
CREATE INDEX payment_attempts_ip ON payment_attempts (tenant_id, ip, attempted_at)
    WHERE ip IS NOT NULL;
CREATE INDEX payment_attempts_device ON payment_attempts (tenant_id, device_id, attempted_at)
    WHERE device_id IS NOT NULL;
CREATE INDEX payment_attempts_account ON payment_attempts (tenant_id, account_fingerprint, attempted_at)
    WHERE account_fingerprint IS NOT NULL;
CREATE INDEX payment_attempts_bin ON payment_attempts (tenant_id, bin, attempted_at)
    WHERE bin IS NOT NULL;
CREATE TRIGGER payment_attempts_count
    AFTER INSERT OR UPDATE OR DELETE ON payment_attempts
    FOR EACH ROW EXECUTE FUNCTION sekisho_count_payment_attempt();
GRANT SELECT, INSERT, UPDATE, DELETE ON payment_attempts TO sekisho_app;

SELECT pg_temp.sekisho_unpartition_history_table('webhook_deliveries');
ALTER TABLE webhook_deliveries ADD PRIMARY KEY (tenant_id, id);
ALTER TABLE webhook_deliveries ADD FOREIGN KEY (tenant_id, endpoint_id)
    REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE status IN ('pending', 'failed');
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (tenant_id, endpoint_id, id DESC);
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO sekisho_app;

DROP FUNCTION pg_temp.sekisho_unpartition_history_table(text);
DROP FUNCTION sekisho_drop_partitions_before(timestamptz);
DROP FUNCTION sekisho_history_partitions();
DROP FUNCTION sekisho_ensure_partitions(integer);
DROP FUNCTION sekisho_create_partition(text, date);
DROP FUNCTION sekisho_history_tables();
