-- The API processes hold each tenant's allow and block lists in memory for scoring
-- (service::caches::lists): every statement that changes `tenant_lists` announces the tenants it
-- touched on `sekisho_cache`, once per tenant and statement (a bulk addition writes many rows in
-- one), and every process evicts those tenants' lists. A TRUNCATE evicts every tenant's.
CREATE FUNCTION sekisho_notify_tenant_lists_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    tenant uuid;
BEGIN
    FOR tenant IN SELECT DISTINCT tenant_id FROM changed LOOP
        PERFORM pg_notify('sekisho_cache', json_build_object(
            'kind', 'tenant_lists', 'tenant_id', tenant)::text);
    END LOOP;
    RETURN NULL;
END
$$;

CREATE FUNCTION sekisho_notify_tenant_lists_cleared() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sekisho_cache', json_build_object('kind', 'tenant_lists')::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER tenant_lists_cache_notify_insert
    AFTER INSERT ON tenant_lists REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION sekisho_notify_tenant_lists_change();
-- Renewing an entry (note, expiry) or moving it: the new rows name every tenant concerned,
-- since an entry's tenant never changes (it is the first column of the key).
CREATE TRIGGER tenant_lists_cache_notify_update
    AFTER UPDATE ON tenant_lists REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION sekisho_notify_tenant_lists_change();
CREATE TRIGGER tenant_lists_cache_notify_delete
    AFTER DELETE ON tenant_lists REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION sekisho_notify_tenant_lists_change();
CREATE TRIGGER tenant_lists_cache_notify_truncate
    AFTER TRUNCATE ON tenant_lists
    FOR EACH STATEMENT EXECUTE FUNCTION sekisho_notify_tenant_lists_cleared();
