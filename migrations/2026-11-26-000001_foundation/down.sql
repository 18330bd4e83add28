-- The sekisho_app role is cluster-wide and may serve other databases, so it is left in place.
DROP FUNCTION sekisho_authenticate_api_key(bytea);
DROP TABLE audit_log;
DROP TABLE api_keys;
DROP TABLE users;
DROP TABLE platform_admins;
DROP TABLE tenants;
DROP FUNCTION sekisho_platform_scope();
DROP FUNCTION sekisho_current_tenant();
REVOKE USAGE ON SCHEMA public FROM sekisho_app;
