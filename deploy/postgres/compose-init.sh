#!/bin/sh
# PostgreSQL container initialisation (docker-entrypoint-initdb.d): runs once, on an empty data volume, as the
# superuser. Creates the four service roles and their schemas with create-roles.sql; the passwords come from the
# container's environment (docker-compose.yml passes them from deploy/.env).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v auth_password="$AUTH_DB_PASSWORD" \
  -v portal_password="$PORTAL_DB_PASSWORD" \
  -v freshness_password="$FRESHNESS_DB_PASSWORD" \
  -v console_password="$CONSOLE_DB_PASSWORD" \
  -f /portal-suite/create-roles.sql
