-- The four roles are reference data (DESIGN.md), present in every database rather than created by the demo seed.
INSERT INTO roles (name, normalized_name, concurrency_stamp) VALUES
    ('platform_admin', 'PLATFORM_ADMIN', 'b9a7e0f2-0000-4000-8000-000000000001'),
    ('tenant_owner', 'TENANT_OWNER', 'b9a7e0f2-0000-4000-8000-000000000002'),
    ('analyst', 'ANALYST', 'b9a7e0f2-0000-4000-8000-000000000003'),
    ('ops', 'OPS', 'b9a7e0f2-0000-4000-8000-000000000004')
ON CONFLICT (normalized_name) DO NOTHING;
