-- Generated answers are charged by their tokens: each ledger line counts the prompt and completion tokens it
-- charges or pays for (0 on every other line).
ALTER TABLE ledger_entries ADD COLUMN prompt_tokens BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE ledger_entries ADD COLUMN completion_tokens BIGINT DEFAULT 0 NOT NULL;
