-- Distributing Sekisho's schema over a Citus cluster (see README.md beside this file). Run on the
-- coordinator as the schema owner, after `sekisho migrate` and before traffic. One statement per
-- table; crates/server/tests/api/schema_rules.rs checks that every table is placed here and that
-- the schema keeps the rules each placement needs. Partitioned tables (payment_attempts,
-- login_events, webhook_deliveries, audit_log, orders and order_identifiers: monthly; the
-- velocity counters and attempt_counts: weekly) are placed by their parent; Citus places their
-- partitions with it, including those created later (README.md, "Partitioned tables").

-- Accounts: small, read by every authenticated request, and looked up across tenants (an API
-- key by its hash, a user by email, a device-tag key by its value, which must stay globally
-- unique): reference tables, copied to every worker, so that those lookups and every foreign key
-- to a tenant stay local.
SELECT create_reference_table('tenants');
SELECT create_reference_table('users');
SELECT create_reference_table('api_keys');
SELECT create_reference_table('device_tag_keys');
SELECT create_reference_table('platform_admins');
SELECT create_reference_table('sessions');

-- Tenant data: distributed by tenant and co-located, so that every request's queries (which all
-- filter on tenant_id first) and joins run on one worker. fraud_reports is the anchor.
SELECT create_distributed_table('fraud_reports', 'tenant_id');
SELECT create_distributed_table('contributor_records', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('orders', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('order_identifiers', 'tenant_id', colocate_with => 'fraud_reports');
-- The merchant order ids' uniqueness (orders is partitioned by id, so it cannot hold it).
SELECT create_distributed_table('order_keys', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('test_consortium_entries', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('order_events', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('tenant_lists', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('tenant_policies', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('devices', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('webhook_endpoints', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('webhook_deliveries', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('fraud_thresholds', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('login_events', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('payment_attempts', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('card_testing_alerts', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('idempotency_keys', 'tenant_id', colocate_with => 'fraud_reports');
-- The velocity counters (docs/BENCHMARKS.md): one scored order updates its tenant's rows only.
SELECT create_distributed_table('velocity_counts', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('velocity_values', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('velocity_sketches', 'tenant_id', colocate_with => 'fraud_reports');
SELECT create_distributed_table('attempt_counts', 'tenant_id', colocate_with => 'fraud_reports');

-- The consortium: shared by every member and looked up by fingerprint, so distributed by it. Its
-- link to the report that made each entry cannot be a foreign key across distributions: the
-- application writes a report and its entries in one transaction and never deletes reports;
-- deleting a tenant must delete its entries first (README.md).
ALTER TABLE consortium_entries DROP CONSTRAINT consortium_entries_tenant_id_report_id_fkey;
SELECT create_distributed_table('consortium_entries', 'fingerprint');
-- What lookups read (one row per identifier and reporter), beside the entries it summarises so
-- that its triggers stay on one worker.
SELECT create_distributed_table('consortium_summaries', 'fingerprint',
                                colocate_with => 'consortium_entries');

-- Reference lists: small, read by every scoring request, copied to every worker.
SELECT create_reference_table('warninglist_values');
SELECT create_reference_table('warninglist_ranges');
SELECT create_reference_table('ip_reputation');
SELECT create_reference_table('ip_countries');
SELECT create_reference_table('card_bins');
SELECT create_reference_table('reference_addresses');

-- Platform tables, cross-tenant by nature and written off the hot path: on the coordinator.
SELECT citus_add_local_table_to_metadata('audit_log');
-- The consortium filter's change log (one row per statement that added fingerprints, read by
-- every replica's listener after a NOTIFY). Under Citus the trigger that writes it runs on the
-- coordinator for statements routed through it; replicas also rebuild the filter hourly.
SELECT citus_add_local_table_to_metadata('consortium_changes');
SELECT citus_add_local_table_to_metadata('consortium_disputes');
