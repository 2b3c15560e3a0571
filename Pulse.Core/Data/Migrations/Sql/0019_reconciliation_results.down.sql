DROP TABLE IF EXISTS reconciliation_results;
