-- Roles still held by a user stay: removing them would strip users of their access.
DELETE FROM roles r
WHERE r.normalized_name IN ('PLATFORM_ADMIN', 'TENANT_OWNER', 'ANALYST', 'OPS')
  AND NOT EXISTS (SELECT 1 FROM user_roles ur WHERE ur.role_id = r.id);
