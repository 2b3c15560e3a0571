-- Operations: the health history the /ops page graphs, and the per-tenant API keys of /api/v1.
CREATE TABLE health_samples (
    id BIGSERIAL PRIMARY KEY,
    sampled_at TIMESTAMP WITH TIME ZONE NOT NULL,
    component VARCHAR(50) NOT NULL,            -- 'Collections', 'Vector store', 'PostgreSQL', 'Integrations', ...
    name VARCHAR(200) NOT NULL,                -- the collection, server or integration
    tenant_id INTEGER REFERENCES tenants(id) ON DELETE CASCADE, -- NULL for platform-wide rows
    status VARCHAR(10) NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    figures JSONB NOT NULL DEFAULT '{}',       -- {"points": 120, "p95_ms_1h": 41.5, ...}
    CONSTRAINT ck_health_samples_status CHECK (status IN ('green', 'grey', 'yellow', 'red'))
);
CREATE INDEX ix_health_samples_sampled_at ON health_samples (sampled_at);
CREATE INDEX ix_health_samples_row ON health_samples (component, name, sampled_at);

CREATE TABLE api_keys (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    name VARCHAR(100) NOT NULL,
    prefix VARCHAR(16) NOT NULL,               -- public part of the key, for lookup
    secret_hash BYTEA NOT NULL,                -- SHA-256 of the secret part; the secret itself is never stored
    created_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    last_used_at TIMESTAMP WITH TIME ZONE,
    revoked_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_api_keys_prefix UNIQUE (prefix),
    CONSTRAINT ck_api_keys_hash_length CHECK (octet_length(secret_hash) = 32)
);
CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id);
CREATE UNIQUE INDEX uq_api_keys_active_name ON api_keys (tenant_id, name) WHERE revoked_at IS NULL;
