-- Run once as a PostgreSQL superuser before the first `sekisho migrate` against your own server.
-- Replace the passwords.
CREATE ROLE sekisho_owner LOGIN CREATEROLE PASSWORD 'change-me-owner';
CREATE DATABASE sekisho OWNER sekisho_owner;
-- The migrations define functions that run in platform scope (`SET app.scope = 'platform'`);
-- PostgreSQL 15 lets only a superuser, or a role granted it, set a custom parameter there.
GRANT SET ON PARAMETER app.scope TO sekisho_owner;
-- The application's login: no superuser, no BYPASSRLS. After the first migration has created
-- sekisho_app, grant it:  GRANT sekisho_app TO sekisho_api;
CREATE ROLE sekisho_api LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'change-me-api';
