import { z } from "zod";

// Roles of a tenant member (or an API key) and the permissions routes declare. Which role holds which permission
// is decided in one table on the server (lib/server/tenancy/role-permissions.ts); the browser only reads the
// caller's resolved permissions from the API, to enable or disable buttons.

export const TENANT_ROLES = ["owner", "admin", "developer", "viewer"] as const;
export const TenantRole = z.enum(TENANT_ROLES).meta({ id: "TenantRole", description: "Role in a tenant, strongest first." });
export type TenantRole = z.infer<typeof TenantRole>;

export const PERMISSIONS = [
  "tenant:read",
  "tenant:write",
  "tenant:delete",
  "members:read",
  "members:write",
  "api-keys:read",
  "api-keys:write",
  "audit:read",
  "deployments:read",
  "deployments:write",
  "images:read",
  "images:write",
  "images:delete",
  "metrics:read",
  "billing:read",
  "billing:write",
] as const;
export const Permission = z.enum(PERMISSIONS).meta({ id: "Permission" });
export type Permission = z.infer<typeof Permission>;

/** Lower is stronger: an owner outranks an admin, and so on. */
export function roleRank(role: TenantRole): number {
  return TENANT_ROLES.indexOf(role);
}
