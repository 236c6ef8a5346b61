-- auth-service owns this schema; no other service reads it.

CREATE TABLE users (
    id              uuid PRIMARY KEY,
    email           text NOT NULL,
    full_name       text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    password_hash   text,
    roles           text[] NOT NULL DEFAULT ARRAY['user'],
    org_id          uuid,
    org_type        text CHECK (org_type IN ('MSSP', 'MSP', 'CLIENT')),
    preferences     jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(preferences) = 'object'),
    disabled        boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    last_login_at   timestamptz,
    CONSTRAINT users_email_normalised CHECK (email = lower(btrim(email)) AND email <> ''),
    CONSTRAINT users_org_pair CHECK ((org_id IS NULL) = (org_type IS NULL)),
    CONSTRAINT users_roles_known CHECK (roles <@ ARRAY['admin', 'mssp', 'msp', 'client', 'inventory', 'user', 'service']
                                        AND cardinality(roles) > 0)
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_roles_idx ON users USING gin (roles);
CREATE INDEX users_created_idx ON users (created_at, id);

-- Failed-login counting per normalised email, whether or not an account exists.
CREATE TABLE login_attempts (
    email         text PRIMARY KEY,
    failed_count  integer NOT NULL,
    locked_until  timestamptz,
    updated_at    timestamptz NOT NULL
);

-- Fixed-window request counters shared by every instance.
CREATE TABLE rate_limit_windows (
    bucket        text NOT NULL,
    window_start  timestamptz NOT NULL,
    hits          integer NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limit_windows_start_idx ON rate_limit_windows (window_start);

CREATE TABLE sessions (
    id                   uuid PRIMARY KEY,
    user_id              uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at           timestamptz NOT NULL,
    last_used_at         timestamptz NOT NULL,
    idle_expires_at      timestamptz NOT NULL,
    absolute_expires_at  timestamptz NOT NULL,
    revoked_at           timestamptz,
    revoked_reason       text,
    user_agent           text,
    ip                   text
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

-- Refresh tokens are stored only as SHA-256 hashes; each is single use.
CREATE TABLE refresh_tokens (
    token_hash   bytea PRIMARY KEY,
    session_id   uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

-- Append-only: the database itself refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_events (
    id           uuid PRIMARY KEY,
    occurred_at  timestamptz NOT NULL,
    action       text NOT NULL,
    user_id      uuid,
    actor_id     uuid,
    email        text,
    ip           text,
    request_id   text,
    details      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at DESC, id);
CREATE INDEX audit_events_user_idx ON audit_events (user_id, occurred_at DESC);
CREATE INDEX audit_events_action_idx ON audit_events (action, occurred_at DESC);

CREATE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_events_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
