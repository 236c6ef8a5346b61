-- Machine clients (client credentials, RFC 6749 section 4.4). Secrets are 256-bit random values,
-- so a SHA-256 hash is enough to store them safely; only the hash is kept.
CREATE TABLE service_clients (
    client_id    text PRIMARY KEY CHECK (client_id ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    secret_hash  bytea NOT NULL,
    scopes       text[] NOT NULL DEFAULT ARRAY[]::text[],
    disabled     boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    created_by   uuid
);
