-- Where each account signed in from (browser or app + IP network), so a sign-in from somewhere not seen in the
-- last 90 days can be mailed to the owner. Sessions are purged when they end; this is the longer memory.
CREATE TABLE known_devices (
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent    text NOT NULL,
    network       text NOT NULL,
    first_seen_at timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, user_agent, network)
);
CREATE INDEX known_devices_seen_idx ON known_devices (last_seen_at);
