-- A replica lane of a generation job resumes from its own tokens so far: the unfinished answers a released car
-- handed back are kept per lane (0 for a job without replicas), so that two lanes of one input never share a prefix.
CREATE TABLE answer_progress_by_lane (
    job_id      VARCHAR(64)      NOT NULL,
    input_index INTEGER          NOT NULL,
    replica     INTEGER          NOT NULL,
    answer      VARCHAR(1000000) NOT NULL,
    updated_at  BIGINT           NOT NULL,
    PRIMARY KEY (job_id, input_index, replica),
    FOREIGN KEY (job_id, input_index) REFERENCES inputs (job_id, input_index)
);
INSERT INTO answer_progress_by_lane (job_id, input_index, replica, answer, updated_at)
    SELECT job_id, input_index, 0, answer, updated_at FROM answer_progress;
DROP TABLE answer_progress;
ALTER TABLE answer_progress_by_lane RENAME TO answer_progress;

-- Canaries for generative models: the known answer is a generated answer (tokens, log-probabilities, text, as JSON)
-- computed once by greedy decoding, instead of an embedding.
ALTER TABLE canary_answers ALTER COLUMN embedding DROP NOT NULL;
ALTER TABLE canary_answers ADD COLUMN answer VARCHAR(1000000);
