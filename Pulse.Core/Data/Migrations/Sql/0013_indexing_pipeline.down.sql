DROP TABLE IF EXISTS indexing_parked_rows;
DROP TABLE IF EXISTS indexing_jobs;
-- The old constraint allows one row per record and vector type: keep the first chunk only.
DELETE FROM qdrant_vectors WHERE chunk_index > 0;
ALTER TABLE qdrant_vectors DROP CONSTRAINT IF EXISTS ck_qdrant_vectors_chunk;
ALTER TABLE qdrant_vectors DROP CONSTRAINT IF EXISTS uq_qdrant_vectors_record_chunk;
ALTER TABLE qdrant_vectors ADD CONSTRAINT uq_qdrant_vectors_record UNIQUE (tenant_id, table_name, record_id, vector_type);
ALTER TABLE qdrant_vectors DROP COLUMN IF EXISTS content_hash, DROP COLUMN IF EXISTS chunk_index;
