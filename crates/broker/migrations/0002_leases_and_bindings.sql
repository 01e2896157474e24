-- Fortnox Connect token broker, schema 2.
-- A refresh takes a lease on its connection (lease_owner, lease_until)
-- instead of holding a transaction while Fortnox answers, and writes with
-- a compare-and-set on `version`. A connection stays unconfirmed until the
-- desktop that made it says it saved it. Codes are remembered once
-- exchanged (and marked when a second installation presents one).
-- Installations and connections note when they were last used. A
-- connection's account type and tenant are sealed in `binding`, so a row
-- planted or edited in the database gets no client credentials.
-- Schema 1's sealed values and secret hashes are converted by the broker
-- when it applies this (store::upgrade): they need the sealing key.

ALTER TABLE connections ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE connections ADD COLUMN lease_owner TEXT;
ALTER TABLE connections ADD COLUMN lease_until BIGINT;
ALTER TABLE connections ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE connections ADD COLUMN last_used_at BIGINT;
ALTER TABLE connections ADD COLUMN binding TEXT;
ALTER TABLE installations ADD COLUMN secret_set_at BIGINT;

CREATE TABLE exchanged_codes (
    code_hash TEXT PRIMARY KEY,
    installation_id TEXT NOT NULL,
    connection_id TEXT,
    contested INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE INDEX exchanged_codes_age ON exchanged_codes (created_at);
CREATE INDEX installations_seen ON installations (last_seen_at);
CREATE INDEX connections_unconfirmed ON connections (confirmed, created_at);
