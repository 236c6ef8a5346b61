-- Transactional outbox: a mail is written in the same transaction as the event that causes it, and sent
-- afterwards by a relay in each instance (claimed with FOR UPDATE SKIP LOCKED, so every row goes out once;
-- a crash between sending and marking can send that one mail twice, never lose it).
CREATE TABLE mail_outbox (
    id               uuid PRIMARY KEY,
    kind             text NOT NULL,
    recipient        text NOT NULL,
    recipient_name   text,
    subject          text NOT NULL,
    -- the bodies may carry single-use links; they are cleared once the mail is sent
    text_body        text,
    html_body        text,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    sent_at          timestamptz,
    last_error       text,
    CONSTRAINT mail_outbox_body CHECK (status = 'sent' OR (text_body IS NOT NULL AND html_body IS NOT NULL))
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at, created_at) WHERE status = 'pending';
CREATE INDEX mail_outbox_sent_idx ON mail_outbox (sent_at) WHERE status = 'sent';
