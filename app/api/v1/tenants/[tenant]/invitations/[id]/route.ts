import { revokeInvitationOperation } from "@/lib/contracts/members";
import { ApiError } from "@/lib/server/http/api-error";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { revokeInvitation } from "@/lib/server/tenancy/invitations";

export const dynamic = "force-dynamic";

// DELETE /api/v1/tenants/{tenant}/invitations/{id} — the link stops working.
export const DELETE = tenantRoute(revokeInvitationOperation, async ({ tenant, role, params, audit }) => {
  audit.target = `invitation:${params.id}`;
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) throw new ApiError("not_found", `Invitation ${params.id.slice(0, 40)} not found in tenant ${tenant.slug}`);
  await revokeInvitation(tenant, params.id, role);
  return { ok: true as const };
});
