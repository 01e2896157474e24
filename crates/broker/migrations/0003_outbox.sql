-- Fortnox Connect token broker, schema 3: what the vendor is told.
-- With a webhook configured, each change of a connection (made, refused by
-- Fortnox, removed) is written here in the same transaction as the change;
-- the sender delivers the oldest first and deletes each once the receiver
-- answered (crates/broker/src/webhook.rs). One replica sends at a time:
-- the row of `sender_lease`.

CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    at_us BIGINT NOT NULL,
    connection_id TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX outbox_order ON outbox (at_us, id);

CREATE TABLE sender_lease (
    name TEXT PRIMARY KEY,
    owner TEXT,
    until BIGINT NOT NULL
);

INSERT INTO sender_lease (name, owner, until) VALUES ('webhook', NULL, 0);
