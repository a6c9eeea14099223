-- Generation jobs on the lease path: a job whose inputs are prompts records the most tokens of one answer, so that
-- its units are cut by the leasing car's tokens per second (0 for every other job).
ALTER TABLE jobs ADD COLUMN tokens_per_input INTEGER DEFAULT 0 NOT NULL;

-- A generated answer is a result: its tokens, log-probabilities, text, finish reason and the tokens each car
-- produced (JSON), instead of an embedding.
ALTER TABLE results ADD COLUMN answer VARCHAR(1000000);
ALTER TABLE results DROP CONSTRAINT results_one_outcome_ck;
ALTER TABLE results ADD CONSTRAINT results_one_outcome_ck2 CHECK (
    (error IS NULL AND (embedding IS NOT NULL OR answer IS NOT NULL))
    OR (error IS NOT NULL AND embedding IS NULL AND answer IS NULL));

-- The part of an answer a released car handed back unfinished (same JSON): the next lease of its input resumes
-- after these tokens. Replaced by each later release; dropped when the answer is stored as a result.
CREATE TABLE answer_progress (
    job_id      VARCHAR(64)      NOT NULL,
    input_index INTEGER          NOT NULL,
    answer      VARCHAR(1000000) NOT NULL,
    updated_at  BIGINT           NOT NULL,
    PRIMARY KEY (job_id, input_index),
    FOREIGN KEY (job_id, input_index) REFERENCES inputs (job_id, input_index)
);

-- A replicated generation job keeps each car's answer as a replica, to be compared token by token.
ALTER TABLE replica_results ALTER COLUMN embedding DROP NOT NULL;
ALTER TABLE replica_results ADD COLUMN answer VARCHAR(1000000);
