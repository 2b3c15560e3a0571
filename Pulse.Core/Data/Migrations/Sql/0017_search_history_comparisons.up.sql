-- A comparison in the playground's history is one row: the first side in the existing columns, the second side
-- (its collection, the integration that served it, its hit count and latency) and the overlap here. All NULL for a
-- plain search; the parameters hold compare mode's keys, so re-running the row restores the comparison.
ALTER TABLE search_history
    ADD COLUMN compare_collection_name VARCHAR(255),
    ADD COLUMN compare_integration_name VARCHAR(200),
    ADD COLUMN compare_result_count INTEGER,
    ADD COLUMN compare_total_ms DOUBLE PRECISION,
    ADD COLUMN shared_count INTEGER,
    ADD CONSTRAINT ck_search_history_comparison CHECK (
        (compare_result_count IS NULL) = (compare_total_ms IS NULL)
        AND (compare_result_count IS NULL) = (compare_collection_name IS NULL)
        AND (compare_result_count IS NULL) = (shared_count IS NULL));
