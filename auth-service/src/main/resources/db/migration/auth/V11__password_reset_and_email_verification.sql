-- Accounts created from an invite, or by a provider that vouches for the email, start verified; the others
-- prove their address with a mailed link. Accounts that existed before this column are unverified.
ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false;

-- Single-use links, stored only as SHA-256 hashes of 256-bit tokens. A newer link voids the older ones.
CREATE TABLE password_reset_tokens (
    token_hash  bytea PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    voided_at   timestamptz
);
CREATE INDEX password_reset_tokens_user_idx ON password_reset_tokens (user_id) WHERE used_at IS NULL AND voided_at IS NULL;

CREATE TABLE email_verification_tokens (
    token_hash  bytea PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- the address the link was sent to: verifying it verifies that address only
    email       text NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    voided_at   timestamptz
);
CREATE INDEX email_verification_tokens_user_idx ON email_verification_tokens (user_id) WHERE used_at IS NULL AND voided_at IS NULL;
