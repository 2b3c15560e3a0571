ALTER TABLE ai_usage_rollup_state DROP COLUMN IF EXISTS closed_days_version;
