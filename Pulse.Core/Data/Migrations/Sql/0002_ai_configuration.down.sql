DROP TABLE IF EXISTS qdrant_vectors;
DROP TABLE IF EXISTS ai_usage_tracking;
DROP TABLE IF EXISTS tenant_ai_configuration;
DROP TABLE IF EXISTS tenant_ai_preferences;
DROP TABLE IF EXISTS integrations;
