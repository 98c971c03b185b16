import { createInvitationOperation, listInvitationsOperation } from "@/lib/contracts/members";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { createInvitation, listInvitations } from "@/lib/server/tenancy/invitations";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/invitations — sent invitations and their state.
export const GET = tenantRoute(listInvitationsOperation, async ({ tenant }) => ({ items: await listInvitations(tenant) }));

// POST /api/v1/tenants/{tenant}/invitations — invite by email; answers the link to copy.
export const POST = tenantRoute(createInvitationOperation, async ({ tenant, actor, role, body, request, audit }) => {
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
