-- An audit table as a service first created it, before the shared shape: no seq column, ordered by id, no trigger.
CREATE TABLE audit_events (
    id           uuid PRIMARY KEY,
    occurred_at  timestamptz NOT NULL,
    action       text NOT NULL,
    subject_id   uuid,
    actor_id     text,
    note         text,
    ip           text,
    request_id   text,
    details      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at DESC, id);
