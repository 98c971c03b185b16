import "server-only";
import type { Permission, TenantRole } from "@/lib/contracts/permissions";

// The one table of who may do what in a tenant. Routes declare a permission; tenantRoute checks it against the
// caller's role here. Kubernetes RBAC (admin / edit / view ClusterRoles bound per role in the namespace) is the
// second wall behind this one.

const VIEWER: Permission[] = ["tenant:read", "members:read", "deployments:read", "images:read", "metrics:read", "billing:read"];
const DEVELOPER: Permission[] = [...VIEWER, "deployments:write", "images:write", "api-keys:read", "api-keys:write"];
const ADMIN: Permission[] = [...DEVELOPER, "tenant:write", "images:delete", "members:write", "audit:read", "billing:write"];
const OWNER: Permission[] = [...ADMIN, "tenant:delete"];

export const ROLE_PERMISSIONS: Record<TenantRole, ReadonlySet<Permission>> = {
  owner: new Set(OWNER),
  admin: new Set(ADMIN),
  developer: new Set(DEVELOPER),
  viewer: new Set(VIEWER),
};

export function roleHasPermission(role: TenantRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function permissionsOf(role: TenantRole): Permission[] {
  return [...ROLE_PERMISSIONS[role]];
}

/**
 * Refused while a tenant is suspended: every write but billing (reads stay allowed so people can see why, and
 * paying is how a suspended tenant comes back).
 */
export function isBlockedWhileSuspended(permission: Permission): boolean {
  return !permission.endsWith(":read") && !permission.startsWith("billing:");
}
