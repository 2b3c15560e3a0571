-- Seed 000's business tables that indexing and search need: projects, work items, pull requests.
CREATE TABLE projects (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    key VARCHAR(50) NOT NULL,
    name VARCHAR(200) NOT NULL,
    description TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_projects_tenant_key UNIQUE (tenant_id, key)
);

CREATE TABLE work_items (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL,
    key VARCHAR(50) NOT NULL,
    summary TEXT,
    description TEXT,
    item_type VARCHAR(50) NOT NULL DEFAULT 'Story',
    status VARCHAR(50) NOT NULL DEFAULT 'To Do',
    priority VARCHAR(20),
    assignee VARCHAR(200),
    story_points INTEGER,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_work_items_tenant_key UNIQUE (tenant_id, key)
);
CREATE INDEX ix_work_items_tenant_updated ON work_items (tenant_id, updated_at, id);
CREATE INDEX ix_work_items_project ON work_items (project_id);

CREATE TABLE pull_requests (
    id SERIAL PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL,
    repository VARCHAR(200) NOT NULL,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    author VARCHAR(200),
    state VARCHAR(20) NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'merged', 'closed')),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    merged_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_pull_requests_tenant_repo_number UNIQUE (tenant_id, repository, number)
);
CREATE INDEX ix_pull_requests_tenant_updated ON pull_requests (tenant_id, updated_at, id);
