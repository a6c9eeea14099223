-- The tokens each input took, as the car counted them (special tokens included, padding not): what a batch's
-- output reports as usage. Null for results stored before cars counted, and for replicated results.
ALTER TABLE results ADD COLUMN tokens INTEGER;
