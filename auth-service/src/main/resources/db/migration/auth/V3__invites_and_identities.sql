-- Invites: an inviter grants a role (and an organisation) to an email address before the account exists.
-- The token is a random 256-bit value shown once; only its SHA-256 is stored. Status is derived:
-- ACCEPTED (accepted_at), REVOKED (revoked_at), EXPIRED (expires_at passed), else PENDING.
-- org_path is the organisation and its ancestors (org, parent, grandparent) as portal-service reported them
-- when the invite was made, so invites can be listed by scope without asking portal-service per row.
CREATE TABLE invites (
    id           uuid PRIMARY KEY,
    email        text NOT NULL,
    role         text NOT NULL CHECK (role IN ('admin', 'mssp', 'msp', 'client', 'inventory', 'user')),
    org_id       uuid,
    org_type     text CHECK (org_type IN ('MSSP', 'MSP', 'CLIENT')),
    org_path     uuid[] NOT NULL DEFAULT ARRAY[]::uuid[],
    token_hash   bytea NOT NULL CHECK (length(token_hash) = 32),
    created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    accepted_at  timestamptz,
    -- deferred: registration marks the invite accepted before it inserts the user, in one transaction
    accepted_by  uuid REFERENCES users (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
    revoked_at   timestamptz,
    revoked_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT invites_email_normalised CHECK (email = lower(btrim(email)) AND email <> ''),
    CONSTRAINT invites_org_pair CHECK ((org_id IS NULL) = (org_type IS NULL)),
    CONSTRAINT invites_role_fits_org CHECK (
        (role IN ('admin', 'user') AND org_id IS NULL)
        OR (role = 'mssp' AND org_type = 'MSSP')
        OR (role = 'msp' AND org_type = 'MSP')
        OR (role IN ('client', 'inventory') AND org_type = 'CLIENT')),
    CONSTRAINT invites_path_starts_at_org CHECK (
        (org_id IS NULL AND cardinality(org_path) = 0)
        OR (org_id IS NOT NULL AND org_path[1] = org_id AND cardinality(org_path) BETWEEN 1 AND 3)),
    CONSTRAINT invites_one_outcome CHECK (accepted_at IS NULL OR revoked_at IS NULL),
    CONSTRAINT invites_expiry_after_creation CHECK (expires_at > created_at)
);
CREATE UNIQUE INDEX invites_token_hash_key ON invites (token_hash);
CREATE INDEX invites_org_path_idx ON invites USING gin (org_path);
CREATE INDEX invites_open_email_idx ON invites (email) WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX invites_created_idx ON invites (created_at DESC, id);

-- Sign-in identities at OpenID Connect providers. subject is the provider's stable id of the person:
-- Google's sub; for Azure (Entra ID) "tid:oid", the tenant and the object id.
CREATE TABLE user_identities (
    provider    text NOT NULL CHECK (provider IN ('google', 'azure')),
    subject     text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email       text,
    created_at  timestamptz NOT NULL,
    CONSTRAINT user_identities_key PRIMARY KEY (provider, subject)
);
CREATE INDEX user_identities_user_idx ON user_identities (user_id);
