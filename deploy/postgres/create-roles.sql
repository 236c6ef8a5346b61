-- Portal Suite: one database, one schema and one login role per service (DESIGN.md: data ownership).
-- Run once as a superuser, connected to the database `portal` (create it first: createdb portal):
--   psql -d portal -v auth_password='...' -v portal_password='...' -v freshness_password='...' \
--        -v console_password='...' \
--        -f deploy/postgres/create-roles.sql
-- (generate each password with: openssl rand -base64 32). Each service then connects as its own role, owns its own
-- schema (Flyway creates the tables in it at start-up) and cannot read the others'.
\set ON_ERROR_STOP on

CREATE ROLE auth_service LOGIN PASSWORD :'auth_password';
CREATE ROLE portal_service LOGIN PASSWORD :'portal_password';
CREATE ROLE freshness_service LOGIN PASSWORD :'freshness_password';
CREATE ROLE web_console LOGIN PASSWORD :'console_password';

REVOKE ALL ON DATABASE portal FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT ON DATABASE portal TO auth_service, portal_service, freshness_service, web_console;

CREATE SCHEMA auth AUTHORIZATION auth_service;
CREATE SCHEMA portal AUTHORIZATION portal_service;
CREATE SCHEMA freshness AUTHORIZATION freshness_service;
CREATE SCHEMA console AUTHORIZATION web_console;
