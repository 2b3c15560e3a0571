ALTER TABLE search_history
    DROP CONSTRAINT IF EXISTS ck_search_history_comparison,
    DROP COLUMN IF EXISTS shared_count,
    DROP COLUMN IF EXISTS compare_total_ms,
    DROP COLUMN IF EXISTS compare_result_count,
    DROP COLUMN IF EXISTS compare_integration_name,
    DROP COLUMN IF EXISTS compare_collection_name;
