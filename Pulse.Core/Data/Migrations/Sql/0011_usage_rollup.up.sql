-- Usage rollup: one row per tenant, UTC day, integration, provider, model and operation, kept up to date
-- incrementally so that usage charts never scan ai_usage_tracking (the raw rows stay for export).
--
-- Exactness under concurrent inserts: every statement that inserts, updates or deletes usage rows appends
-- (tenant, day) markers to ai_usage_rollup_pending in the same transaction (statement triggers below).
-- The rollup job deletes a batch of markers and recomputes those days from the raw rows in one transaction.
-- A marker becomes visible exactly when its rows do, so a day is recomputed after its last write commits;
-- markers are appended (no unique key), so writers never wait on each other or on the job.
-- Readers treat days that still have a marker as pending and read them from the raw rows (see UsageAggregates).
CREATE TABLE ai_usage_daily (
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    day DATE NOT NULL,                          -- UTC calendar day of created_at
    integration_id INTEGER,                     -- NULL: no integration recorded
    provider VARCHAR(50) NOT NULL,
    model_name VARCHAR(100) NOT NULL,           -- '' when the raw row has none
    operation VARCHAR(50) NOT NULL,
    requests BIGINT NOT NULL,
    succeeded BIGINT NOT NULL,
    failed BIGINT NOT NULL,
    fallback_served BIGINT NOT NULL,            -- successful requests served by a fallback integration
    input_tokens BIGINT NOT NULL,
    output_tokens BIGINT NOT NULL,
    total_tokens BIGINT NOT NULL,
    cost NUMERIC(24,8) NOT NULL,
    latency_ms_sum BIGINT NOT NULL,
    -- Latency histogram: requests per bucket, bucket upper bounds (ms) 25, 50, 75, 100, 150, 200, 300, 500,
    -- 750, 1000, 1500, 2000, 3000, 5000, 10000, unbounded (LatencyHistogram.UpperBoundsMs). Columns, not an
    -- array, so the aggregates sum them with plain SUM().
    latency_b00 BIGINT NOT NULL DEFAULT 0,
    latency_b01 BIGINT NOT NULL DEFAULT 0,
    latency_b02 BIGINT NOT NULL DEFAULT 0,
    latency_b03 BIGINT NOT NULL DEFAULT 0,
    latency_b04 BIGINT NOT NULL DEFAULT 0,
    latency_b05 BIGINT NOT NULL DEFAULT 0,
    latency_b06 BIGINT NOT NULL DEFAULT 0,
    latency_b07 BIGINT NOT NULL DEFAULT 0,
    latency_b08 BIGINT NOT NULL DEFAULT 0,
    latency_b09 BIGINT NOT NULL DEFAULT 0,
    latency_b10 BIGINT NOT NULL DEFAULT 0,
    latency_b11 BIGINT NOT NULL DEFAULT 0,
    latency_b12 BIGINT NOT NULL DEFAULT 0,
    latency_b13 BIGINT NOT NULL DEFAULT 0,
    latency_b14 BIGINT NOT NULL DEFAULT 0,
    latency_b15 BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX ix_ai_usage_daily_tenant_day ON ai_usage_daily (tenant_id, day);
CREATE INDEX ix_ai_usage_daily_day ON ai_usage_daily (day);

-- No foreign key: a tenant's deletion cascades to its usage rows, whose trigger then marks days of a tenant
-- that no longer exists; the job recomputes them to nothing.
CREATE TABLE ai_usage_rollup_pending (
    id BIGSERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL,
    day DATE NOT NULL,
    marked_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);
CREATE INDEX ix_ai_usage_rollup_pending_day ON ai_usage_rollup_pending (day, tenant_id);

CREATE TABLE ai_usage_rollup_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_run_at TIMESTAMP WITH TIME ZONE,
    last_run_days INTEGER NOT NULL DEFAULT 0,
    days_recomputed BIGINT NOT NULL DEFAULT 0
);
INSERT INTO ai_usage_rollup_state (id) VALUES (1);

CREATE FUNCTION ai_usage_mark_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO ai_usage_rollup_pending (tenant_id, day)
        SELECT DISTINCT tenant_id, (created_at AT TIME ZONE 'UTC')::date FROM new_rows;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO ai_usage_rollup_pending (tenant_id, day)
        SELECT DISTINCT tenant_id, (created_at AT TIME ZONE 'UTC')::date FROM old_rows;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER ai_usage_pending_on_insert AFTER INSERT ON ai_usage_tracking
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ai_usage_mark_pending();
CREATE TRIGGER ai_usage_pending_on_update AFTER UPDATE ON ai_usage_tracking
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ai_usage_mark_pending();
CREATE TRIGGER ai_usage_pending_on_delete AFTER DELETE ON ai_usage_tracking
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ai_usage_mark_pending();

-- Rows written before this migration: every day they touch is pending, so the first run builds the rollup.
INSERT INTO ai_usage_rollup_pending (tenant_id, day)
SELECT DISTINCT tenant_id, (created_at AT TIME ZONE 'UTC')::date FROM ai_usage_tracking;
