import { removeMemberOperation, updateMemberOperation } from "@/lib/contracts/members";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { removeMember, updateMemberRole } from "@/lib/server/tenancy/members";
import { roleHasPermission } from "@/lib/server/tenancy/role-permissions";

export const dynamic = "force-dynamic";

// PATCH /api/v1/tenants/{tenant}/members/{userId} — change a role; the last owner stays owner (409).
export const PATCH = tenantRoute(updateMemberOperation, async ({ tenant, role, params, body, audit }) => {
  audit.target = `user:${params.userId}`;
  audit.details = { role: body.role };
  return updateMemberRole(tenant, role, params.userId, body.role);
});

// DELETE /api/v1/tenants/{tenant}/members/{userId} — remove a member, or leave with one's own id.
export const DELETE = tenantRoute(removeMemberOperation, async ({ tenant, actor, role, params, audit }) => {
  audit.target = `user:${params.userId}`;
  const self = actor.kind === "user" && actor.userId === params.userId;
  await removeMember(tenant, { role, self, mayManage: roleHasPermission(role, "members:write") }, params.userId);
  return { ok: true as const };
});
