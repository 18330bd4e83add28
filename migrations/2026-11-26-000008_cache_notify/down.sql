DROP TRIGGER tenant_policies_cache_notify ON tenant_policies;
DROP TRIGGER tenants_cache_notify ON tenants;
DROP TRIGGER api_keys_cache_notify_update ON api_keys;
DROP TRIGGER api_keys_cache_notify_insert_delete ON api_keys;
DROP FUNCTION sekisho_notify_policy_change();
DROP FUNCTION sekisho_notify_tenant_change();
DROP FUNCTION sekisho_notify_api_key_change();
