-- Fortnox Connect token broker, schema 1. Portable SQL: the same text runs
-- on SQLite and PostgreSQL. Times are Unix seconds; secrets are sealed
-- (XChaCha20-Poly1305, key from FORTNOX_BROKER_KEY) or hashed (SHA-256).

CREATE TABLE installations (
    id TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    label TEXT,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT
);

-- One row per login under way, keyed by the hash of its `state`.
CREATE TABLE authorizations (
    state_hash TEXT PRIMARY KEY,
    installation_id TEXT NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
    code_challenge TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    account_type TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE INDEX authorizations_expiry ON authorizations (expires_at);

-- One row per Fortnox consent an installation obtained.
CREATE TABLE connections (
    id TEXT PRIMARY KEY,
    installation_id TEXT NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
    tenant_id TEXT,
    account_type TEXT NOT NULL,
    scopes TEXT NOT NULL,
    company_name TEXT,
    org_number TEXT,
    state TEXT NOT NULL,
    refresh_token TEXT,
    refresh_issued_at BIGINT,
    access_token TEXT,
    access_expires_at BIGINT,
    locked_at BIGINT,
    created_at BIGINT NOT NULL,
    last_refresh_at BIGINT,
    last_error TEXT,
    last_error_at BIGINT
);

CREATE INDEX connections_installation ON connections (installation_id);
CREATE INDEX connections_tenant ON connections (installation_id, tenant_id);
