#!/bin/sh
# The roles deploy/postgres-roles.sql describes, with the passwords from the compose .env file.
set -eu
psql -v ON_ERROR_STOP=1 --username postgres \
  -v owner_password="$SEKISHO_OWNER_PASSWORD" -v api_password="$SEKISHO_API_PASSWORD" <<'SQL'
CREATE ROLE sekisho_owner LOGIN CREATEROLE PASSWORD :'owner_password';
CREATE DATABASE sekisho OWNER sekisho_owner;
GRANT SET ON PARAMETER app.scope TO sekisho_owner;
CREATE ROLE sekisho_api LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD :'api_password';
-- Made here (the first migration would make it otherwise) so that the application's login can
-- be granted it before that migration runs; the owner may become it too.
CREATE ROLE sekisho_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
GRANT sekisho_app TO sekisho_api;
GRANT sekisho_app TO sekisho_owner;
\connect sekisho
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
SQL
