-- One row per signed-in browser. The browser holds only the session id; the row holds its SHA-256 hash,
-- the user's token pair sealed with AES-GCM (key from CONSOLE_SESSION_KEY_FILE) and a CSRF synchronizer token.
CREATE TABLE sessions (
    id_hash           bytea       PRIMARY KEY,
    csrf_token        text        NOT NULL,
    user_id           uuid        NOT NULL,
    profile           text        NOT NULL, -- the user's name, email, roles and organisation (JSON), for rendering
    tokens            bytea       NOT NULL, -- AES-GCM(nonce || ciphertext) of {accessToken, refreshToken}
    access_expires_at timestamptz NOT NULL,
    created_at        timestamptz NOT NULL,
    last_seen_at      timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_last_seen_at ON sessions (last_seen_at);
