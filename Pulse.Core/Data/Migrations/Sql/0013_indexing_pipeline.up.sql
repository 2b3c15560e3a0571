-- Indexing pipeline (issue 8): one qdrant_vectors row per point (a record may be split into chunks),
-- the content hash that lets a re-run skip unchanged rows, job state and parked rows.
ALTER TABLE qdrant_vectors
    ADD COLUMN chunk_index INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN content_hash VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE qdrant_vectors DROP CONSTRAINT uq_qdrant_vectors_record;
ALTER TABLE qdrant_vectors ADD CONSTRAINT uq_qdrant_vectors_record_chunk
    UNIQUE (tenant_id, table_name, record_id, vector_type, chunk_index);
ALTER TABLE qdrant_vectors ADD CONSTRAINT ck_qdrant_vectors_chunk CHECK (chunk_index >= 0);

CREATE TABLE indexing_jobs (
    id BIGSERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    source_table VARCHAR(63) NOT NULL,
    collection_name VARCHAR(255) NOT NULL,
    state VARCHAR(20) NOT NULL DEFAULT 'queued',
    phase VARCHAR(20) NOT NULL DEFAULT 'rows',  -- 'rows' (keyset pass), then 'deletions'
    requested_by VARCHAR(200),
    total_rows INTEGER NOT NULL DEFAULT 0,
    processed_rows INTEGER NOT NULL DEFAULT 0,  -- rows read and settled (embedded, unchanged or parked)
    embedded_rows INTEGER NOT NULL DEFAULT 0,
    unchanged_rows INTEGER NOT NULL DEFAULT 0,
    parked_rows INTEGER NOT NULL DEFAULT 0,
    deleted_rows INTEGER NOT NULL DEFAULT 0,
    points_written INTEGER NOT NULL DEFAULT 0,
    retries INTEGER NOT NULL DEFAULT 0,
    last_record_id INTEGER NOT NULL DEFAULT 0,  -- keyset cursor: every id up to here is settled
    embedding_model VARCHAR(100),
    embedding_provider VARCHAR(50),
    error TEXT,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    started_at TIMESTAMP WITH TIME ZONE,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    finished_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT ck_indexing_jobs_state CHECK (state IN ('queued', 'running', 'paused', 'completed', 'failed', 'cancelled')),
    CONSTRAINT ck_indexing_jobs_phase CHECK (phase IN ('rows', 'deletions')),
    CONSTRAINT ck_indexing_jobs_counts CHECK (total_rows >= 0 AND processed_rows >= 0 AND embedded_rows >= 0
        AND unchanged_rows >= 0 AND parked_rows >= 0 AND deleted_rows >= 0 AND points_written >= 0 AND retries >= 0)
);
-- One job per source at a time, whichever process or page asks: the database refuses a second active one.
CREATE UNIQUE INDEX uq_indexing_jobs_one_active ON indexing_jobs (tenant_id, source_table)
    WHERE state IN ('queued', 'running', 'paused');
CREATE INDEX ix_indexing_jobs_tenant_source_created ON indexing_jobs (tenant_id, source_table, created_at DESC);
CREATE INDEX ix_indexing_jobs_pending ON indexing_jobs (id) WHERE state IN ('queued', 'running');

CREATE TABLE indexing_parked_rows (
    id BIGSERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    source_table VARCHAR(63) NOT NULL,
    record_id INTEGER NOT NULL,
    job_id BIGINT REFERENCES indexing_jobs(id) ON DELETE SET NULL,
    error TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    first_failed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    last_failed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_indexing_parked_rows UNIQUE (tenant_id, source_table, record_id),
    CONSTRAINT ck_indexing_parked_rows_attempts CHECK (attempts >= 1)
);
