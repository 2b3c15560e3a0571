-- The last reconciler run per tenant (qdrant_vectors against the store's points), shown on the /ops collection rows.
-- One row per tenant, replaced by each run: the health page needs the latest finding, the audit log keeps the repairs.
CREATE TABLE reconciliation_results (
    tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
    checked_at TIMESTAMP WITH TIME ZONE NOT NULL,
    current_model VARCHAR(200) NOT NULL,
    recorded_points BIGINT NOT NULL,
    stored_points BIGINT NOT NULL,
    missing INTEGER NOT NULL,
    orphans INTEGER NOT NULL,
    stale_model INTEGER NOT NULL,
    collections TEXT[] NOT NULL DEFAULT '{}',
    repaired_at TIMESTAMP WITH TIME ZONE          -- set when a repair acted on this finding
);
