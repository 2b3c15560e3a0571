-- Seed 000: AI providers, tenant preferences and pipeline configuration, usage, Qdrant references.
CREATE TABLE integrations (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    integration_type VARCHAR(50) NOT NULL,      -- 'ai_provider', 'jira', 'github'
    integration_subtype VARCHAR(50),            -- 'embedding', 'llm', 'gateway', 'data_source'
    provider VARCHAR(50),                       -- 'openai', 'azure_openai', 'sentence_transformers', 'gateway', 'local'
    integration_name VARCHAR(100) NOT NULL,
    base_url TEXT,
    credentials JSONB NOT NULL DEFAULT '{}',    -- encrypted with ASP.NET Core Data Protection; never plaintext
    configuration JSONB NOT NULL DEFAULT '{}',
    model_config JSONB NOT NULL DEFAULT '{}',
    performance_config JSONB NOT NULL DEFAULT '{}',
    fallback_integration_id INTEGER REFERENCES integrations(id) ON DELETE RESTRICT,
    provider_metadata JSONB NOT NULL DEFAULT '{}',
    cost_config JSONB NOT NULL DEFAULT '{}',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    last_updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_integrations_tenant_name UNIQUE (tenant_id, integration_name),
    CONSTRAINT ck_integrations_subtype CHECK (integration_subtype IS NULL OR integration_subtype IN ('embedding', 'llm', 'gateway', 'data_source')),
    CONSTRAINT ck_integrations_not_own_fallback CHECK (fallback_integration_id IS NULL OR fallback_integration_id <> id)
);
CREATE INDEX ix_integrations_tenant ON integrations (tenant_id);
CREATE INDEX ix_integrations_fallback ON integrations (fallback_integration_id);

CREATE TABLE tenant_ai_preferences (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    preference_type VARCHAR(50) NOT NULL,       -- 'default_models', 'performance', 'cost_limits'
    configuration JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    last_updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_tenant_ai_preferences UNIQUE (tenant_id, preference_type)
);

CREATE TABLE tenant_ai_configuration (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    config_category VARCHAR(50) NOT NULL,       -- 'embedding_models', 'llm_models', 'pipeline_config'
    configuration JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    last_updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_tenant_ai_configuration UNIQUE (tenant_id, config_category)
);

-- Cost is NUMERIC(18,8), not the seed's DECIMAL(10,4): one embedding call costs fractions of a
-- hundredth of a cent, and four decimals would record it as zero.
CREATE TABLE ai_usage_tracking (
    id BIGSERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    integration_id INTEGER REFERENCES integrations(id) ON DELETE SET NULL,
    provider VARCHAR(50) NOT NULL,
    operation VARCHAR(50) NOT NULL,             -- 'embedding', 'text_generation', 'analysis'
    model_name VARCHAR(100),
    input_count INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    total_tokens INTEGER NOT NULL DEFAULT 0,
    tokens_estimated BOOLEAN NOT NULL DEFAULT FALSE,
    cost NUMERIC(18,8) NOT NULL DEFAULT 0,
    currency VARCHAR(3) NOT NULL DEFAULT 'USD',
    latency_ms INTEGER NOT NULL DEFAULT 0,
    success BOOLEAN NOT NULL DEFAULT TRUE,
    error_category VARCHAR(50),
    fallback_used BOOLEAN NOT NULL DEFAULT FALSE,
    request_metadata JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT ck_ai_usage_operation CHECK (operation IN ('embedding', 'text_generation', 'analysis')),
    CONSTRAINT ck_ai_usage_tokens CHECK (input_tokens >= 0 AND output_tokens >= 0 AND total_tokens >= 0 AND cost >= 0)
);
CREATE INDEX ix_ai_usage_tenant_created ON ai_usage_tracking (tenant_id, created_at);
CREATE INDEX ix_ai_usage_integration_created ON ai_usage_tracking (integration_id, created_at);

CREATE TABLE qdrant_vectors (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    table_name VARCHAR(50) NOT NULL,
    record_id INTEGER NOT NULL,
    qdrant_collection VARCHAR(100) NOT NULL,
    qdrant_point_id UUID NOT NULL,
    vector_type VARCHAR(50) NOT NULL,           -- 'content', 'summary', 'metadata'
    embedding_model VARCHAR(100) NOT NULL,
    embedding_provider VARCHAR(50) NOT NULL,
    last_updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_qdrant_vectors_record UNIQUE (tenant_id, table_name, record_id, vector_type)
);
CREATE INDEX idx_qdrant_vectors_tenant ON qdrant_vectors (tenant_id);
CREATE INDEX idx_qdrant_vectors_table_record ON qdrant_vectors (table_name, record_id);
CREATE INDEX idx_qdrant_vectors_collection ON qdrant_vectors (qdrant_collection);
CREATE INDEX idx_qdrant_vectors_point_id ON qdrant_vectors (qdrant_point_id);
CREATE INDEX idx_qdrant_vectors_provider ON qdrant_vectors (embedding_provider);
