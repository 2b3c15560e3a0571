-- Seed 003: the four-level hierarchy (tree = table, branch, limb, leaf) and content metadata.
-- tenant_id is added to the seed's columns (DESIGN.md: every row is scoped to a tenant).

CREATE TABLE religion_hierarchy (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    branch VARCHAR(100) NOT NULL,
    limb VARCHAR(100) NOT NULL,
    leaf VARCHAR(100) NOT NULL,
    description VARCHAR(500),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT unique_religion_path UNIQUE (tenant_id, branch, limb, leaf)
);
CREATE INDEX idx_religion_branch ON religion_hierarchy (tenant_id, branch);
CREATE INDEX idx_religion_limb ON religion_hierarchy (tenant_id, branch, limb);

CREATE TABLE subject1_hierarchy (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    branch VARCHAR(100) NOT NULL,
    limb VARCHAR(100) NOT NULL,
    leaf VARCHAR(100) NOT NULL,
    description VARCHAR(500),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT unique_subject1_path UNIQUE (tenant_id, branch, limb, leaf)
);
CREATE INDEX idx_subject1_branch ON subject1_hierarchy (tenant_id, branch);
CREATE INDEX idx_subject1_limb ON subject1_hierarchy (tenant_id, branch, limb);

CREATE TABLE subject2_hierarchy (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    branch VARCHAR(100) NOT NULL,
    limb VARCHAR(100) NOT NULL,
    leaf VARCHAR(100) NOT NULL,
    description VARCHAR(500),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT unique_subject2_path UNIQUE (tenant_id, branch, limb, leaf)
);
CREATE INDEX idx_subject2_branch ON subject2_hierarchy (tenant_id, branch);
CREATE INDEX idx_subject2_limb ON subject2_hierarchy (tenant_id, branch, limb);

CREATE TABLE subject3_hierarchy (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    branch VARCHAR(100) NOT NULL,
    limb VARCHAR(100) NOT NULL,
    leaf VARCHAR(100) NOT NULL,
    description VARCHAR(500),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT unique_subject3_path UNIQUE (tenant_id, branch, limb, leaf)
);
CREATE INDEX idx_subject3_branch ON subject3_hierarchy (tenant_id, branch);
CREATE INDEX idx_subject3_limb ON subject3_hierarchy (tenant_id, branch, limb);

CREATE TABLE subject4_hierarchy (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    branch VARCHAR(100) NOT NULL,
    limb VARCHAR(100) NOT NULL,
    leaf VARCHAR(100) NOT NULL,
    description VARCHAR(500),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT unique_subject4_path UNIQUE (tenant_id, branch, limb, leaf)
);
CREATE INDEX idx_subject4_branch ON subject4_hierarchy (tenant_id, branch);
CREATE INDEX idx_subject4_limb ON subject4_hierarchy (tenant_id, branch, limb);

CREATE TABLE subject5_hierarchy (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    branch VARCHAR(100) NOT NULL,
    limb VARCHAR(100) NOT NULL,
    leaf VARCHAR(100) NOT NULL,
    description VARCHAR(500),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT unique_subject5_path UNIQUE (tenant_id, branch, limb, leaf)
);
CREATE INDEX idx_subject5_branch ON subject5_hierarchy (tenant_id, branch);
CREATE INDEX idx_subject5_limb ON subject5_hierarchy (tenant_id, branch, limb);

CREATE TABLE subject6_hierarchy (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    branch VARCHAR(100) NOT NULL,
    limb VARCHAR(100) NOT NULL,
    leaf VARCHAR(100) NOT NULL,
    description VARCHAR(500),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT unique_subject6_path UNIQUE (tenant_id, branch, limb, leaf)
);
CREATE INDEX idx_subject6_branch ON subject6_hierarchy (tenant_id, branch);
CREATE INDEX idx_subject6_limb ON subject6_hierarchy (tenant_id, branch, limb);

CREATE TABLE subject7_hierarchy (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    branch VARCHAR(100) NOT NULL,
    limb VARCHAR(100) NOT NULL,
    leaf VARCHAR(100) NOT NULL,
    description VARCHAR(500),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT unique_subject7_path UNIQUE (tenant_id, branch, limb, leaf)
);
CREATE INDEX idx_subject7_branch ON subject7_hierarchy (tenant_id, branch);
CREATE INDEX idx_subject7_limb ON subject7_hierarchy (tenant_id, branch, limb);

CREATE TABLE subject8_hierarchy (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    branch VARCHAR(100) NOT NULL,
    limb VARCHAR(100) NOT NULL,
    leaf VARCHAR(100) NOT NULL,
    description VARCHAR(500),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT unique_subject8_path UNIQUE (tenant_id, branch, limb, leaf)
);
CREATE INDEX idx_subject8_branch ON subject8_hierarchy (tenant_id, branch);
CREATE INDEX idx_subject8_limb ON subject8_hierarchy (tenant_id, branch, limb);

CREATE TABLE content_metadata (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    hierarchy_table VARCHAR(50) NOT NULL,
    leaf_id INTEGER NOT NULL,
    content_type VARCHAR(50) NOT NULL,
    title VARCHAR(200) NOT NULL,
    content_summary VARCHAR(500) NOT NULL,
    chunk_number INTEGER NOT NULL DEFAULT 1,
    word_count INTEGER,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT unique_content_chunk UNIQUE (tenant_id, hierarchy_table, leaf_id, content_type, chunk_number),
    CONSTRAINT valid_hierarchy_table CHECK (
        hierarchy_table IN (
            'religion_hierarchy', 'subject1_hierarchy', 'subject2_hierarchy',
            'subject3_hierarchy', 'subject4_hierarchy', 'subject5_hierarchy',
            'subject6_hierarchy', 'subject7_hierarchy', 'subject8_hierarchy'
        )
    ),
    CONSTRAINT ck_content_chunk_positive CHECK (chunk_number >= 1),
    CONSTRAINT ck_content_word_count CHECK (word_count IS NULL OR word_count >= 0)
);
CREATE INDEX idx_content_hierarchy ON content_metadata (hierarchy_table, leaf_id);
CREATE INDEX idx_content_type ON content_metadata (content_type);
CREATE INDEX idx_content_created ON content_metadata (created_at DESC);
CREATE INDEX idx_content_tenant_updated ON content_metadata (tenant_id, updated_at, id);
