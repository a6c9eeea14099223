-- Constant-cost leasing and completion. A job's outcome counts are kept as counters, so that its status is
-- read without counting its results, in a few stripes per job, so that cars completing units of the same job at
-- once do not all wait on one row lock. A job's counts are the sum of its stripes (STRIPES rows, see
-- io.terafleet.coordinator.jobs.JobProgress).
CREATE TABLE job_progress (
    job_id           VARCHAR(64) NOT NULL REFERENCES jobs (id),
    stripe           INTEGER     NOT NULL,
    completed_inputs BIGINT      NOT NULL,
    failed_inputs    BIGINT      NOT NULL,
    PRIMARY KEY (job_id, stripe)
);

-- Jobs stored before this version: stripe 0 holds what their results say, the others start at zero.
INSERT INTO job_progress (job_id, stripe, completed_inputs, failed_inputs)
SELECT j.id, 0,
       (SELECT COUNT(*) FROM results r WHERE r.job_id = j.id AND r.embedding IS NOT NULL),
       (SELECT COUNT(*) FROM results r WHERE r.job_id = j.id AND r.error IS NOT NULL)
FROM jobs j;
INSERT INTO job_progress (job_id, stripe, completed_inputs, failed_inputs) SELECT id, 1, 0, 0 FROM jobs;
INSERT INTO job_progress (job_id, stripe, completed_inputs, failed_inputs) SELECT id, 2, 0, 0 FROM jobs;
INSERT INTO job_progress (job_id, stripe, completed_inputs, failed_inputs) SELECT id, 3, 0, 0 FROM jobs;
INSERT INTO job_progress (job_id, stripe, completed_inputs, failed_inputs) SELECT id, 4, 0, 0 FROM jobs;
INSERT INTO job_progress (job_id, stripe, completed_inputs, failed_inputs) SELECT id, 5, 0, 0 FROM jobs;
INSERT INTO job_progress (job_id, stripe, completed_inputs, failed_inputs) SELECT id, 6, 0, 0 FROM jobs;
INSERT INTO job_progress (job_id, stripe, completed_inputs, failed_inputs) SELECT id, 7, 0, 0 FROM jobs;

-- The lease queue of one job in lease order (first inputs first): a lease reads the head of it directly.
CREATE INDEX units_job_queue_idx ON units (job_id, state, first_input, replica, id);
