DROP TABLE IF EXISTS collection_schema_versions;
