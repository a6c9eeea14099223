-- Scheduling: tenants, priority classes and completion windows on jobs; retry backoff and per-car unit sizing
-- on units; the job lifecycle renamed after the OpenAI Batch API's (validating, in_progress, finalizing,
-- completed, failed, cancelled, expired).

ALTER TABLE jobs ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE jobs ADD COLUMN priority VARCHAR(16) DEFAULT 'BATCH' NOT NULL;
-- When the completion window ends (epoch ms); NULL: no window.
ALTER TABLE jobs ADD COLUMN deadline_at BIGINT;
-- When the job's first unit was leased: queue time = started_at - created_at.
ALTER TABLE jobs ADD COLUMN started_at BIGINT;
-- Why a job failed as a whole (e.g. its input was rejected while validating).
ALTER TABLE jobs ADD COLUMN failure_reason VARCHAR(500);
UPDATE jobs SET state = 'IN_PROGRESS' WHERE state IN ('QUEUED', 'RUNNING');
CREATE INDEX jobs_deadline_idx ON jobs (state, deadline_at);

-- A unit may be leased only from not_before on (retry backoff). releases counts orderly hand-backs (not
-- failures); last_error is why its last lease ended without completing it. Units are cut per car at lease
-- time, so a unit may be split: the remainder becomes a new unit whose unit_index is the original's, and whose
-- id ends in "-i" plus its first input; (job_id, unit_index) is therefore no longer unique.
ALTER TABLE units ADD COLUMN not_before BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE units ADD COLUMN releases INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE units ADD COLUMN last_error VARCHAR(500);
ALTER TABLE units DROP CONSTRAINT units_job_index_uq;
DROP INDEX units_queue_idx;
CREATE INDEX units_queue_idx ON units (state, job_id, first_input);
CREATE INDEX units_job_idx ON units (job_id, first_input);

-- Inputs no longer name their unit: a unit is a range of input indexes, and ranges change when units are cut.
ALTER TABLE inputs DROP COLUMN unit_index;
