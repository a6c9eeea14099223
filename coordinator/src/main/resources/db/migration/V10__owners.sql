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
