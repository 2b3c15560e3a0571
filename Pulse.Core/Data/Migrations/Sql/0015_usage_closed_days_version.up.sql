-- Counts the rollup runs that recomputed a closed day (one before the UTC day of the run). The usage figures of
-- closed days are cached in memory (UsageFactCache) under this version: the rollup is the only writer of
-- ai_usage_daily and bumps it in the transaction that changes such a day, and a closed day whose raw rows changed
-- carries a pending marker until that run, so a reader that sees the cached version and no marker in the cached
-- days sees exactly the cached figures.
ALTER TABLE ai_usage_rollup_state ADD COLUMN closed_days_version BIGINT NOT NULL DEFAULT 0;
