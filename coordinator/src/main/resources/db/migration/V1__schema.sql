-- The coordinator's store. One schema for H2 (2.x) and PostgreSQL (13+): portable types only
-- (VARCHAR(n), INTEGER, BIGINT, BYTEA; H2 reads BYTEA as VARBINARY). Times are epoch milliseconds.
-- States are the names of the core enums (JobState, UnitState); the code moves them only along
-- those enums' transition tables, with a guarded UPDATE ... WHERE state = ? per change.

-- Operator-issued tokens a car shows to enroll. Only the SHA-256 (hex) of a token is kept.
CREATE TABLE enrollment_tokens (
    token_hash  VARCHAR(64) NOT NULL PRIMARY KEY,
    created_at  BIGINT      NOT NULL
);

-- Enrolled cars. The credential a car sends on every call is kept only as its SHA-256 (hex).
-- last_seen_at: when the car last reported its decision (a lease request counts as "eligible");
-- last_eligible, last_reason, last_detail: that decision, with the owner policy's reason code.
CREATE TABLE cars (
    id                    VARCHAR(64)  NOT NULL PRIMARY KEY,
    name                  VARCHAR(200) NOT NULL,
    hardware_class        VARCHAR(100) NOT NULL,
    credential_hash       VARCHAR(64)  NOT NULL,
    enrollment_token_hash VARCHAR(64)  NOT NULL REFERENCES enrollment_tokens (token_hash),
    enrolled_at           BIGINT       NOT NULL,
    last_seen_at          BIGINT,
    last_eligible         BOOLEAN,
    last_reason           VARCHAR(64),
    last_detail           VARCHAR(500),
    CONSTRAINT cars_credential_uq UNIQUE (credential_hash)
);

CREATE TABLE jobs (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    model        VARCHAR(200) NOT NULL,
    state        VARCHAR(16)  NOT NULL,
    total_inputs INTEGER      NOT NULL,
    unit_size    INTEGER      NOT NULL,
    created_at   BIGINT       NOT NULL,
    updated_at   BIGINT       NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX jobs_state_idx ON jobs (state, created_at);

-- A job's inputs, in file order (input_index is 0-based). unit_index names the unit holding it.
CREATE TABLE inputs (
    job_id      VARCHAR(64)     NOT NULL REFERENCES jobs (id),
    input_index INTEGER         NOT NULL,
    unit_index  INTEGER         NOT NULL,
    custom_id   VARCHAR(256)    NOT NULL,
    input_text  VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (job_id, input_index),
    CONSTRAINT inputs_custom_id_uq UNIQUE (job_id, custom_id)
);

-- Work units: contiguous slices [first_input, first_input + input_count) of a job's inputs.
-- model and job_created_at are copied from the job so that the lease queue is one index scan.
-- lease_id, car_id and expires_at describe the current lease while state = 'LEASED'; lease_id is
-- kept after the lease ends, for diagnosis. attempts counts leases that did not end in a release.
CREATE TABLE units (
    id             VARCHAR(80)  NOT NULL PRIMARY KEY,
    job_id         VARCHAR(64)  NOT NULL REFERENCES jobs (id),
    unit_index     INTEGER      NOT NULL,
    model          VARCHAR(200) NOT NULL,
    job_created_at BIGINT       NOT NULL,
    first_input    INTEGER      NOT NULL,
    input_count    INTEGER      NOT NULL,
    state          VARCHAR(16)  NOT NULL,
    attempts       INTEGER      NOT NULL,
    lease_id       VARCHAR(64),
    car_id         VARCHAR(64),
    expires_at     BIGINT,
    updated_at     BIGINT       NOT NULL,
    CONSTRAINT units_job_index_uq UNIQUE (job_id, unit_index)
);
CREATE INDEX units_queue_idx ON units (state, job_created_at, job_id, unit_index);
CREATE INDEX units_expiry_idx ON units (state, expires_at);
CREATE INDEX units_lease_idx ON units (lease_id);

-- Every lease ever granted, so that a late call with an old lease id can be told apart from a
-- made-up one (duplicate completion vs. lost lease). energy_wh is what the car reported spending on
-- the lease (watts x compute time) with its completion or release, so that the owner can be paid for it.
CREATE TABLE leases (
    id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    unit_id    VARCHAR(80)  NOT NULL REFERENCES units (id),
    car_id     VARCHAR(64)  NOT NULL,
    granted_at BIGINT       NOT NULL,
    ended_at   BIGINT,
    end_reason VARCHAR(200),
    energy_wh  DOUBLE PRECISION
);
CREATE INDEX leases_unit_idx ON leases (unit_id);

-- At most one outcome per input, written once: an embedding (float32 little-endian) or an error.
CREATE TABLE results (
    job_id      VARCHAR(64)  NOT NULL,
    input_index INTEGER      NOT NULL,
    embedding   BYTEA,
    error       VARCHAR(500),
    created_at  BIGINT       NOT NULL,
    PRIMARY KEY (job_id, input_index),
    FOREIGN KEY (job_id, input_index) REFERENCES inputs (job_id, input_index),
    CONSTRAINT results_one_outcome_ck CHECK ((embedding IS NULL AND error IS NOT NULL)
                                          OR (embedding IS NOT NULL AND error IS NULL))
);
