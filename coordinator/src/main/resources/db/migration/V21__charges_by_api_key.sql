-- Which API key submitted the work a charge is for, so a customer's usage and cost can be told apart by key.
-- The key's prefix (the first ten characters, as api_keys.key_prefix and the console list it), never the key:
-- a revoked key's row is gone, but its charges still name it. NULL: work submitted without a key (an operator,
-- a keyless embedded coordinator) or charged before this column existed.
ALTER TABLE jobs ADD COLUMN api_key VARCHAR(16);
ALTER TABLE batches ADD COLUMN api_key VARCHAR(16);
ALTER TABLE ledger_postings ADD COLUMN api_key VARCHAR(16);
