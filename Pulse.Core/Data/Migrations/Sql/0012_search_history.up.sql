-- The search playground's per-user query history: what was asked, with which parameters, and how it went.
-- Parameters are the share-link form (a JSON object), so a history row re-runs exactly like a shared link.
CREATE TABLE search_history (
    id BIGSERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    query_text VARCHAR(2000) NOT NULL,
    collection_name VARCHAR(255) NOT NULL,
    parameters JSONB NOT NULL DEFAULT '{}',
    result_count INTEGER NOT NULL,
    top_score DOUBLE PRECISION,
    total_ms DOUBLE PRECISION NOT NULL,
    integration_name VARCHAR(200),
    fallback_used BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_search_history_user ON search_history (tenant_id, user_id, created_at DESC);
