-- freshness-service owns this schema; no other service reads it.

-- A batch of meat received by one organisation. Freshness (days on shelf, status) is never stored:
-- it is computed at read time from arrival_date, the configured time zone and the product's policy.
CREATE TABLE batches (
    id                uuid PRIMARY KEY,
    -- what the QR code carries: random, 16 base32 characters (80 bits), never derived from the id
    public_code       text NOT NULL CHECK (public_code ~ '^[a-z2-7]{16}$'),
    org_id            uuid NOT NULL,
    product           text NOT NULL CHECK (length(product) BETWEEN 1 AND 100 AND product = btrim(product)),
    batch_identifier  text NOT NULL CHECK (length(batch_identifier) BETWEEN 1 AND 100
                                           AND batch_identifier = btrim(batch_identifier)),
    butcher_date      date NOT NULL,
    arrival_date      date NOT NULL,
    notes             text CHECK (length(notes) BETWEEN 1 AND 2000),
    created_by        text,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    deleted_at        timestamptz,
    deleted_by        text,
    CONSTRAINT batches_butchered_before_arrival CHECK (butcher_date <= arrival_date),
    CONSTRAINT batches_dates_plausible CHECK (butcher_date >= DATE '2000-01-01')
);
CREATE UNIQUE INDEX batches_public_code_key ON batches (public_code);
-- one live batch per identifier and organisation, case-insensitively; a deleted batch frees its identifier
CREATE UNIQUE INDEX batches_org_identifier_key ON batches (org_id, lower(batch_identifier)) WHERE deleted_at IS NULL;
CREATE INDEX batches_org_arrival_idx ON batches (org_id, arrival_date DESC, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX batches_arrival_idx ON batches (arrival_date DESC, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX batches_product_idx ON batches (lower(product)) WHERE deleted_at IS NULL;

-- Product-specific thresholds; a product without a row follows the default policy (FRESH <= 2, CAUTION <= 4).
-- Products match case-insensitively.
CREATE TABLE policies (
    product           text NOT NULL CHECK (length(product) BETWEEN 1 AND 100 AND product = btrim(product)),
    fresh_max_days    integer NOT NULL CHECK (fresh_max_days BETWEEN 0 AND 3650),
    caution_max_days  integer NOT NULL CHECK (caution_max_days BETWEEN 1 AND 3650),
    updated_at        timestamptz NOT NULL,
    updated_by        text,
    CONSTRAINT policies_thresholds_ordered CHECK (fresh_max_days < caution_max_days)
);
CREATE UNIQUE INDEX policies_product_key ON policies (lower(product));

-- Append-only: the database itself refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_events (
    id           uuid PRIMARY KEY,
    seq          bigint GENERATED ALWAYS AS IDENTITY,  -- insertion order among events of the same instant
    occurred_at  timestamptz NOT NULL,
    action       text NOT NULL,
    actor_id     text,
    org_id       uuid,
    batch_id     uuid,
    product      text,
    ip           text,
    request_id   text,
    details      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at DESC, seq DESC);
CREATE INDEX audit_events_batch_idx ON audit_events (batch_id, occurred_at DESC, seq DESC);
CREATE INDEX audit_events_action_idx ON audit_events (action, occurred_at DESC, seq DESC);

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
