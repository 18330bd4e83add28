-- A list entry's value as the tenant entered it, sealed with the customer-data key (the same
-- AEAD as orders' customer data) and bound to the entry's tenant, list, kind and fingerprint.
-- Shown only to the tenant's owners and reviewers; NULL when no data key is configured or for
-- entries added before this column. The consortium never holds it.
ALTER TABLE tenant_lists ADD COLUMN sealed_value bytea;
