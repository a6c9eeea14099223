-- A check of held generation answers falls due at a deadline: a check unit still queued then (no trusted car took
-- it) is replaced by a replica check that any car of another owner may take; a replica check still queued at its own
-- deadline delivers the answers marked unverified. One row per open check or replica-check unit.
CREATE TABLE generation_check_deadlines (
    unit_id VARCHAR(80) NOT NULL PRIMARY KEY,
    job_id  VARCHAR(64) NOT NULL,
    due_at  BIGINT      NOT NULL
);
CREATE INDEX generation_check_deadlines_due_idx ON generation_check_deadlines (due_at);

-- A held answer one trusted checker refuted: a second trusted checker of another owner decides before anyone is
-- struck. upheld is null until it does; false records the checkers' disagreement (nobody is struck on one word).
CREATE TABLE generation_check_refutations (
    job_id         VARCHAR(64) NOT NULL,
    input_index    INTEGER     NOT NULL,
    lease_id       VARCHAR(64) NOT NULL,
    refuted_by     VARCHAR(64) NOT NULL,
    refuter_owner  VARCHAR(64) NOT NULL,
    wrong_at       INTEGER     NOT NULL,
    second_checker VARCHAR(64),
    upheld         BOOLEAN,
    created_at     BIGINT      NOT NULL,
    decided_at     BIGINT,
    PRIMARY KEY (job_id, input_index, lease_id)
);
