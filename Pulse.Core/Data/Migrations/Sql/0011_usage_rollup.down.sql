DROP TRIGGER IF EXISTS ai_usage_pending_on_delete ON ai_usage_tracking;
DROP TRIGGER IF EXISTS ai_usage_pending_on_update ON ai_usage_tracking;
DROP TRIGGER IF EXISTS ai_usage_pending_on_insert ON ai_usage_tracking;
DROP FUNCTION IF EXISTS ai_usage_mark_pending();
DROP TABLE IF EXISTS ai_usage_rollup_state;
DROP TABLE IF EXISTS ai_usage_rollup_pending;
DROP TABLE IF EXISTS ai_usage_daily;
