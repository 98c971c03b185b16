import "server-only";
import type { TenantRole } from "@/lib/contracts/permissions";
import { kubernetesUserOf, type Actor } from "@/lib/server/auth/actor";
import { makeClusterClients, type ClusterClients } from "./cluster-clients";

/** The group a tenant role is bound to in the tenant's namespace (see provision-tenant.ts). */
export function tenantGroup(tenantId: string, role: TenantRole): string {
  return `apiary:tenant:${tenantId}:${role}`;
}

/**
 * Clients that act as the caller: every request impersonates `apiary:user:<id>` (or `apiary:apikey:<id>`) in the
 * group of their role in this tenant, so Kubernetes RBAC checks each write again. A BFF bug therefore still cannot
 * touch another tenant's namespace: the group is bound only in this tenant's namespace.
 */
export function clientsFor(context: { actor: Actor; tenant: { id: string }; role: TenantRole }): ClusterClients {
  return makeClusterClients({
    "Impersonate-User": kubernetesUserOf(context.actor),
    "Impersonate-Group": tenantGroup(context.tenant.id, context.role),
  });
}
