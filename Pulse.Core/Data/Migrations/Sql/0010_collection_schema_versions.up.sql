-- Applied collection schema versions (seed 002): which schema version each collection was brought to, by whom and when.
-- tenant_id is null for the platform collections; vectors themselves never live in PostgreSQL.
CREATE TABLE collection_schema_versions (
    id BIGSERIAL PRIMARY KEY,
    tenant_id INTEGER REFERENCES tenants(id) ON DELETE CASCADE,
    collection_name VARCHAR(255) NOT NULL,
    physical_name VARCHAR(255) NOT NULL,
    schema_name VARCHAR(100) NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    definition TEXT NOT NULL,
    changes JSONB NOT NULL DEFAULT '[]',
    applied_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    applied_by_name VARCHAR(256),
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX ix_collection_schema_versions_collection ON collection_schema_versions (collection_name, applied_at DESC);
CREATE INDEX ix_collection_schema_versions_tenant ON collection_schema_versions (tenant_id);
