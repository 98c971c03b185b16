import { inviteMemberOperation, listMembersOperation } from "@/lib/contracts/members";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { createInvitation } from "@/lib/server/tenancy/invitations";
import { listMembers } from "@/lib/server/tenancy/members";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/members — people and their roles.
export const GET = tenantRoute(listMembersOperation, async ({ tenant }) => ({ items: await listMembers(tenant) }));

// POST /api/v1/tenants/{tenant}/members — invite by email; answers the link to copy.
export const POST = tenantRoute(inviteMemberOperation, async ({ tenant, actor, role, body, request, audit }) => {
  const invitation = await createInvitation(
    tenant,
    { userId: actor.kind === "user" ? actor.userId : null, email: actor.kind === "user" ? actor.email : null, role },
    body,
    request,
  );
  audit.target = `invitation:${invitation.id}`;
  audit.details = { email: body.email, role: body.role };
  return invitation;
});
