DROP TABLE IF EXISTS ml_anomaly_alerts;
DROP TABLE IF EXISTS ml_prediction_log;
DROP TABLE IF EXISTS ai_learning_memory;
