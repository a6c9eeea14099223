-- Owner accounts: the operator creates one per owner; its key (shown once) is kept as its SHA-256 only. A revoked
-- owner's key_hash is replaced by a value that is never a SHA-256 hex digest, so it authenticates nothing.
CREATE TABLE owners (
    id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    key_hash   VARCHAR(80)  NOT NULL UNIQUE,
    key_prefix VARCHAR(16)  NOT NULL,
    created_at BIGINT       NOT NULL,
    revoked_at BIGINT
);

-- A label a customer gives a key it made itself in the console ("ci", "laptop").
ALTER TABLE api_keys ADD COLUMN label VARCHAR(100);

-- The console reads an owner's cars, a car's open leases, a tenant's latest jobs and the cars under suspicion.
CREATE INDEX cars_owner_idx ON cars (owner_id);
CREATE INDEX leases_car_open_idx ON leases (car_id, ended_at);
CREATE INDEX jobs_tenant_idx ON jobs (tenant, created_at);
CREATE INDEX car_trust_state_idx ON car_trust (state);
