-- Tenants and their API keys, the model registry, and the OpenAI-compatible files and batches.
-- A job's owner is jobs.tenant (V2): a tenant's id, "default" for callers without a key where allowed.
-- Portable SQL for H2 2.x and PostgreSQL, as V1. Times are epoch milliseconds.

-- A customer. Limits are enforced in memory by each coordinator (token buckets): requests per
-- second with a burst, and inputs (texts or batch lines) per day.
CREATE TABLE tenants (
    id                  VARCHAR(64)      NOT NULL PRIMARY KEY,
    name                VARCHAR(200)     NOT NULL,
    requests_per_second DOUBLE PRECISION NOT NULL,
    burst               INTEGER          NOT NULL,
    inputs_per_day      BIGINT           NOT NULL,
    created_at          BIGINT           NOT NULL
);

-- API keys, kept only as the SHA-256 (hex) of the key; key_prefix is shown to operators to tell keys apart.
CREATE TABLE api_keys (
    key_hash   VARCHAR(64) NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(64) NOT NULL REFERENCES tenants (id),
    key_prefix VARCHAR(16) NOT NULL,
    created_at BIGINT      NOT NULL
);
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id);

-- Models registered by operators. The files live under the coordinator's model directory, named by
-- their SHA-256; the built-in models (core's ModelCatalog) are not stored here, every car carries them.
-- inputs_json, outputs_json: the graph's signature ([{"name","datatype","shape"}]).
CREATE TABLE models (
    name                 VARCHAR(200)   NOT NULL PRIMARY KEY,
    version              VARCHAR(64)    NOT NULL,
    kind                 VARCHAR(32)    NOT NULL,
    sha256               VARCHAR(64)    NOT NULL,
    size_bytes           BIGINT         NOT NULL,
    tokenizer_sha256     VARCHAR(64),
    tokenizer_size_bytes BIGINT,
    pooling              VARCHAR(16),
    dimensions           INTEGER        NOT NULL,
    max_tokens           INTEGER        NOT NULL,
    inputs_json          VARCHAR(20000) NOT NULL,
    outputs_json         VARCHAR(20000) NOT NULL,
    created_at           BIGINT         NOT NULL
);

-- Files of the OpenAI-compatible Files API; content in chunks so that no row is huge.
CREATE TABLE files (
    id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(64)  NOT NULL REFERENCES tenants (id),
    purpose    VARCHAR(32)  NOT NULL,
    filename   VARCHAR(500) NOT NULL,
    bytes      BIGINT       NOT NULL,
    created_at BIGINT       NOT NULL
);
CREATE INDEX files_tenant_idx ON files (tenant_id, created_at);

CREATE TABLE file_chunks (
    file_id VARCHAR(64) NOT NULL REFERENCES files (id),
    seq     INTEGER     NOT NULL,
    data    BYTEA       NOT NULL,
    PRIMARY KEY (file_id, seq)
);

-- OpenAI-compatible batches, each run as one Terafleet job. status is the OpenAI lifecycle name
-- (core's BatchStatus); request counts are read from the job, output and error files are written once
-- when the job ends.
CREATE TABLE batches (
    id                VARCHAR(64)    NOT NULL PRIMARY KEY,
    tenant_id         VARCHAR(64)    NOT NULL REFERENCES tenants (id),
    endpoint          VARCHAR(64)    NOT NULL,
    input_file_id     VARCHAR(64)    NOT NULL,
    completion_window VARCHAR(16)    NOT NULL,
    model             VARCHAR(200),
    job_id            VARCHAR(64),
    status            VARCHAR(16)    NOT NULL,
    output_file_id    VARCHAR(64),
    error_file_id     VARCHAR(64),
    errors_json       VARCHAR(100000),
    metadata_json     VARCHAR(20000),
    total_requests    INTEGER        NOT NULL,
    completed_requests INTEGER       NOT NULL,
    failed_requests   INTEGER        NOT NULL,
    created_at        BIGINT         NOT NULL,
    expires_at        BIGINT         NOT NULL,
    in_progress_at    BIGINT,
    finalizing_at     BIGINT,
    completed_at      BIGINT,
    failed_at         BIGINT,
    expired_at        BIGINT,
    cancelling_at     BIGINT,
    cancelled_at      BIGINT
);
CREATE INDEX batches_tenant_idx ON batches (tenant_id, created_at, id);
