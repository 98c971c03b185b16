import "server-only";
import type { z } from "zod";
import type { ApiOperation } from "@/lib/contracts/api-operation";
import type { Permission, TenantRole } from "@/lib/contracts/permissions";
import { recordAudit } from "@/lib/server/audit/audit-log";
import type { Actor } from "@/lib/server/auth/actor";
import { isBlockedWhileSuspended, permissionsOf, roleHasPermission } from "@/lib/server/tenancy/role-permissions";
import { findMembershipRole, findTenantBySlug, toResolvedTenant, type ResolvedTenant } from "@/lib/server/tenancy/tenants";
import { ApiError } from "./api-error";
import { routeWith, type AuthorizeInput, type RouteContext, type RouteResult } from "./route";

export interface TenantScope {
  tenant: ResolvedTenant;
  actor: Actor;
  /** The caller's role here: the member's, or the API key's. */
  role: TenantRole;
  permissions: Permission[];
}

export type TenantRouteContext<Q, B> = Omit<RouteContext<Q, B>, "actor"> & TenantScope;

function notFound(slug: string): ApiError {
  // The same answer whether the tenant does not exist or the caller is not in it, so existence does not leak.
  return new ApiError("not_found", `Tenant ${slug.slice(0, 63)} not found.`);
}

async function authorizeTenant({ operation, request, requestId, ip, params, identity, audit }: AuthorizeInput): Promise<TenantScope> {
  const permission = operation.permission!;
  const slug = params.tenant ?? "";
  if (!identity) throw new ApiError("unauthorized", "Sign in first: this operation needs a session or an API key.");
  const row = /^[a-z0-9-]{1,63}$/.test(slug) ? await findTenantBySlug(slug) : null;
  let role: TenantRole | null = null;
  if (row) {
    role = identity.actor.kind === "api_key" ? (identity.actor.tenantId === row.id ? identity.actor.role : null) : await findMembershipRole(row.id, identity.actor.userId);
  }
  if (!row || !role) throw notFound(slug);
  const tenant = toResolvedTenant(row);
  audit.tenant = { id: tenant.id, slug: tenant.slug };
  const denied = !roleHasPermission(role, permission)
    ? `Your role in ${tenant.slug} (${role}) does not allow this: it needs ${permission}.`
    : tenant.status === "suspended" && isBlockedWhileSuspended(permission)
      ? `Tenant ${tenant.slug} is suspended: changes are disabled until an operator resumes it.`
      : null;
  if (denied) {
    // Reads refused by role are recorded too (mutations are recorded by the route pipeline itself).
    if (request.method === "GET") {
      await recordAudit({ actor: identity.actor, tenant: audit.tenant, action: operation.id, target: null, result: "denied", ip, requestId, details: { permission } });
    }
    throw new ApiError("forbidden", denied);
  }
  return { tenant, actor: identity.actor, role, permissions: permissionsOf(role) };
}

/**
 * A route under /api/v1/tenants/{tenant}: the tenant comes from the path and is resolved on the server together
 * with the caller's role in it (membership, or the API key's own tenant and role). Callers outside the tenant
 * get 404, members without the operation's permission 403.
 *
 * ```ts
 * export const GET = tenantRoute(listDeploymentsOperation, async ({ tenant, query }) => listDeployments(tenant, query));
 * ```
 */
export function tenantRoute<Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  operation: ApiOperation<Q, B, R>,
  handler: (context: TenantRouteContext<z.infer<Q>, z.infer<B>>) => Promise<RouteResult<z.infer<R>>>,
) {
  if (!operation.permission || !operation.path.startsWith("/api/v1/tenants/{tenant}")) {
    throw new Error(`tenantRoute(${operation.id}) needs a permission and a path under /api/v1/tenants/{tenant}`);
  }
  return routeWith(operation, authorizeTenant, handler as never);
}
