-- Every change to what the API processes cache (API keys, tenants' participation, policies) is
-- announced on the `sekisho_cache` channel, whoever makes it: each process's listener evicts the
-- affected entries. Notifications are delivered at commit, and not at all on rollback.

CREATE FUNCTION sekisho_notify_api_key_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    changed api_keys;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    PERFORM pg_notify('sekisho_cache', json_build_object(
        'kind', 'api_key', 'tenant_id', changed.tenant_id, 'key_id', changed.id)::text);
    RETURN NULL;
END
$$;

CREATE FUNCTION sekisho_notify_tenant_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    changed tenants;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    PERFORM pg_notify('sekisho_cache', json_build_object(
        'kind', 'tenant', 'tenant_id', changed.id)::text);
    RETURN NULL;
END
$$;

CREATE FUNCTION sekisho_notify_policy_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    changed tenant_policies;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    PERFORM pg_notify('sekisho_cache', json_build_object(
        'kind', 'policy', 'tenant_id', changed.tenant_id)::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_cache_notify_insert_delete
    AFTER INSERT OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION sekisho_notify_api_key_change();
-- Recording a key's last use (at most once a minute per key) changes nothing cached.
CREATE TRIGGER api_keys_cache_notify_update
    AFTER UPDATE ON api_keys
    FOR EACH ROW
    WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
          OR OLD.secret_hash IS DISTINCT FROM NEW.secret_hash
          OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id
          OR OLD.id IS DISTINCT FROM NEW.id)
    EXECUTE FUNCTION sekisho_notify_api_key_change();

CREATE TRIGGER tenants_cache_notify
    AFTER INSERT OR UPDATE OR DELETE ON tenants
    FOR EACH ROW EXECUTE FUNCTION sekisho_notify_tenant_change();

CREATE TRIGGER tenant_policies_cache_notify
    AFTER INSERT OR UPDATE OR DELETE ON tenant_policies
    FOR EACH ROW EXECUTE FUNCTION sekisho_notify_policy_change();
