-- Seed 003, prompt 4: extend the hierarchy with Science. Runs in one transaction (the runner's),
-- so the new table, the widened CHECK and the sample rows appear together or not at all.
CREATE TABLE science_hierarchy (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    branch VARCHAR(100) NOT NULL,
    limb VARCHAR(100) NOT NULL,
    leaf VARCHAR(100) NOT NULL,
    description VARCHAR(500),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT unique_science_path UNIQUE (tenant_id, branch, limb, leaf)
);
CREATE INDEX idx_science_branch ON science_hierarchy (tenant_id, branch);
CREATE INDEX idx_science_limb ON science_hierarchy (tenant_id, branch, limb);

-- NOT VALID then VALIDATE: the new constraint is checked against existing rows without
-- holding the stronger lock for the whole scan.
ALTER TABLE content_metadata DROP CONSTRAINT valid_hierarchy_table;
ALTER TABLE content_metadata ADD CONSTRAINT valid_hierarchy_table CHECK (
    hierarchy_table IN (
        'religion_hierarchy', 'subject1_hierarchy', 'subject2_hierarchy',
        'subject3_hierarchy', 'subject4_hierarchy', 'subject5_hierarchy',
        'subject6_hierarchy', 'subject7_hierarchy', 'subject8_hierarchy',
        'science_hierarchy'
    )
) NOT VALID;
ALTER TABLE content_metadata VALIDATE CONSTRAINT valid_hierarchy_table;

-- Sample Science paths for every tenant that exists now (the demo seeder adds them for new tenants).
INSERT INTO science_hierarchy (tenant_id, branch, limb, leaf, description)
SELECT t.id, v.branch, v.limb, v.leaf, v.description
FROM tenants t
CROSS JOIN (VALUES
    ('Physics', 'Quantum-Mechanics', 'Theories', 'Interpretations and formal theories of quantum mechanics'),
    ('Physics', 'Relativity', 'Experiments', 'Experimental tests of special and general relativity'),
    ('Biology', 'Genetics', 'Heredity', 'Mechanisms of inheritance')
) AS v(branch, limb, leaf, description)
ON CONFLICT DO NOTHING;
