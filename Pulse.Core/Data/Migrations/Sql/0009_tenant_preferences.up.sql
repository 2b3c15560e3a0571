-- Tenant AI preferences: the history of saved changes (also the optimistic-concurrency guard),
-- and at most one budget alert per tenant and month.
CREATE TABLE tenant_preference_history (
    id BIGSERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    changed_by VARCHAR(256) NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    changes JSONB NOT NULL DEFAULT '[]',
    CONSTRAINT uq_tenant_preference_history_revision UNIQUE (tenant_id, revision),
    CONSTRAINT ck_tenant_preference_history_revision CHECK (revision > 0)
);

-- The budget guard inserts its alert with ON CONFLICT DO NOTHING against this index, so concurrent calls
-- crossing the threshold together still record one alert per period.
CREATE UNIQUE INDEX ux_ml_anomaly_alerts_budget_period
    ON ml_anomaly_alerts (tenant_id, (alert_data->>'period'))
    WHERE model_name = 'budget_guard';
