-- Second factors. A TOTP secret is stored only encrypted (AES-256-GCM with MFA_KEY_FILE, bound to the user id);
-- it counts as a factor once confirmed_at is set. last_used_step is the highest 30-second step whose code was
-- accepted: a code of that step or an earlier one is refused, so each code works once per user, and the
-- conditional UPDATE that raises it lets only one of several instances accept the same code.
CREATE TABLE mfa_totp (
    user_id         uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret_sealed   bytea NOT NULL,
    created_at      timestamptz NOT NULL,
    confirmed_at    timestamptz,
    last_used_step  bigint NOT NULL DEFAULT -1
);

-- Single-use recovery codes: 80 random bits each, so a SHA-256 hash is enough to store them; only hashes are kept.
CREATE TABLE mfa_recovery_codes (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   bytea NOT NULL CHECK (length(code_hash) = 32),
    created_at  timestamptz NOT NULL,
    used_at     timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- The pending second step of a sign-in (the mfaToken, stored as its SHA-256): single use, short-lived, bound to
-- the account; amr holds the first factor already proven (pwd, or the OpenID provider's name).
CREATE TABLE mfa_challenges (
    token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    amr         text[] NOT NULL CHECK (cardinality(amr) > 0),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX mfa_challenges_expiry_idx ON mfa_challenges (expires_at);

-- Failed second steps per account, counted apart from wrong passwords (login_attempts): neither locks the other.
CREATE TABLE mfa_attempts (
    user_id       uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    failed_count  integer NOT NULL,
    locked_until  timestamptz,
    updated_at    timestamptz NOT NULL
);

-- Passkeys (WebAuthn credentials). The user handle given to authenticators is the user id's 16 bytes.
-- credential_record holds webauthn4j's serialised attested credential data (AAGUID, credential id, COSE public key);
-- sign_count is the authenticator's counter as last seen; backup_* are its BE/BS flags (a synced passkey).
-- Every passkey was registered with user verification, so it counts as multi-factor on its own.
CREATE TABLE webauthn_credentials (
    id                 uuid PRIMARY KEY,
    user_id            uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id      bytea NOT NULL,
    name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    credential_record  bytea NOT NULL,
    sign_count         bigint NOT NULL,
    backup_eligible    boolean NOT NULL,
    backup_state       boolean NOT NULL,
    created_at         timestamptz NOT NULL,
    last_used_at       timestamptz,
    CONSTRAINT webauthn_credentials_credential_key UNIQUE (credential_id)
);
CREATE INDEX webauthn_credentials_user_idx ON webauthn_credentials (user_id);

-- WebAuthn ceremonies' challenges, kept server-side and single use. user_id is null for a passwordless sign-in
-- (the authenticator names the user); mfa_token_hash ties a second-step assertion to its sign-in.
CREATE TABLE webauthn_challenges (
    challenge       bytea PRIMARY KEY CHECK (length(challenge) = 32),
    purpose         text NOT NULL CHECK (purpose IN ('register', 'authenticate')),
    user_id         uuid REFERENCES users (id) ON DELETE CASCADE,
    mfa_token_hash  bytea,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz
);
CREATE INDEX webauthn_challenges_expiry_idx ON webauthn_challenges (expires_at);
