DROP INDEX IF EXISTS ux_ml_anomaly_alerts_budget_period;
DROP TABLE IF EXISTS tenant_preference_history;
