import { acceptInvitationOperation } from "@/lib/contracts/members";
import { getDatabase } from "@/lib/server/db/get-database";
import { userRoute } from "@/lib/server/http/user-route";
import { acceptInvitationInTransaction } from "@/lib/server/tenancy/invitations";
import { toTenantMembership } from "@/lib/server/tenancy/tenants";

export const dynamic = "force-dynamic";

// POST /api/v1/invitations/{token}/accept — join as the signed-in user, whose email must be the invited one.
export const POST = userRoute(acceptInvitationOperation, async ({ actor, params, audit }) => {
  audit.target = "invitation";
  const { db } = await getDatabase();
  const joined = await db.transaction((tx) => acceptInvitationInTransaction(tx, params.token, { id: actor.userId, email: actor.email }));
  audit.tenant = { id: joined.tenant.id, slug: joined.tenant.slug };
  audit.details = { role: joined.role };
  return toTenantMembership(joined.tenant, joined.role);
});
