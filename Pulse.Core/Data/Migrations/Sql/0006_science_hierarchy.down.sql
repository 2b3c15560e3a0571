-- Rollback: content filed under Science goes first, then the CHECK is narrowed back, then the table.
DELETE FROM content_metadata WHERE hierarchy_table = 'science_hierarchy';
ALTER TABLE content_metadata DROP CONSTRAINT valid_hierarchy_table;
ALTER TABLE content_metadata ADD CONSTRAINT valid_hierarchy_table CHECK (
    hierarchy_table IN (
        'religion_hierarchy', 'subject1_hierarchy', 'subject2_hierarchy',
        'subject3_hierarchy', 'subject4_hierarchy', 'subject5_hierarchy',
        'subject6_hierarchy', 'subject7_hierarchy', 'subject8_hierarchy'
    )
);
DROP TABLE IF EXISTS science_hierarchy;
