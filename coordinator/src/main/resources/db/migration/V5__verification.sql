-- Verification: replicas of a job's inputs computed by different owners' cars, a tolerance-aware quorum per
-- input, per-car trust (adaptive replication, quarantine) and canaries with known answers.

-- replication: how many agreeing replicas an input needs from cars not yet trusted (1: none, accept as is);
-- max_replicas: how many may be computed before the input fails without consensus; adaptive: trusted cars may
-- compute an input alone (with spot checks). canary: a job of known answers, run to check cars, never shown.
ALTER TABLE jobs ADD COLUMN replication INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE jobs ADD COLUMN max_replicas INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE jobs ADD COLUMN adaptive BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE jobs ADD COLUMN canary BOOLEAN DEFAULT FALSE NOT NULL;

-- A unit's replica lane (0 for the first copy of its inputs, 1 for the second, ...). solo: leased to a trusted
-- car that computes its inputs alone (adaptive replication), so its results need no second opinion.
ALTER TABLE units ADD COLUMN replica INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE units ADD COLUMN solo BOOLEAN DEFAULT FALSE NOT NULL;

-- Every replica result of a replicated job, kept until (and after) its input is decided. verdict: VALID or
-- INVALID once the quorum has decided, NULL before. The lease id is the result's id in the ledger.
CREATE TABLE replica_results (
    job_id         VARCHAR(64)  NOT NULL,
    input_index    INTEGER      NOT NULL,
    lease_id       VARCHAR(64)  NOT NULL,
    car_id         VARCHAR(64)  NOT NULL,
    owner_id       VARCHAR(64)  NOT NULL,
    hardware_class VARCHAR(100) NOT NULL,
    embedding      BYTEA        NOT NULL,
    verdict        VARCHAR(16),
    created_at     BIGINT       NOT NULL,
    PRIMARY KEY (job_id, input_index, lease_id)
);
CREATE INDEX replica_results_owner_idx ON replica_results (job_id, owner_id, input_index);

-- What each car has earned in trust (core's TrustState), and whether it has passed a canary yet: only then do
-- its replicas count towards a quorum.
CREATE TABLE car_trust (
    car_id          VARCHAR(64) NOT NULL PRIMARY KEY,
    state           VARCHAR(16) NOT NULL,
    valid_streak    INTEGER     NOT NULL,
    strikes         INTEGER     NOT NULL,
    total_valid     BIGINT      NOT NULL,
    total_invalid   BIGINT      NOT NULL,
    canaries_passed INTEGER     NOT NULL,
    updated_at      BIGINT      NOT NULL
);

-- Inputs with known answers, from which canary units are drawn.
CREATE TABLE canary_answers (
    id         VARCHAR(64)      NOT NULL PRIMARY KEY,
    model      VARCHAR(200)     NOT NULL,
    input_text VARCHAR(1000000) NOT NULL,
    embedding  BYTEA            NOT NULL
);
