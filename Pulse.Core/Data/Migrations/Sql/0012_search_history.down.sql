DROP TABLE IF EXISTS search_history;
