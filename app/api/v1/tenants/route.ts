import { createTenantOperation, listTenantsOperation } from "@/lib/contracts/tenants";
import { route } from "@/lib/server/http/route";
import { userRoute } from "@/lib/server/http/user-route";
import { createTenantForUser } from "@/lib/server/tenancy/create-tenant";
import { findTenantById, getTenantDetail, listTenantsOfUser, toTenantMembership } from "@/lib/server/tenancy/tenants";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants — the caller's tenants with role and permissions (an API key sees its own tenant).
export const GET = route(listTenantsOperation, async ({ actor }) => {
  if (actor!.kind === "api_key") {
    const row = await findTenantById(actor!.tenantId);
    return { items: row && row.status !== "deleted" ? [toTenantMembership(row, actor!.role)] : [] };
  }
  return { items: await listTenantsOfUser(actor!.userId) };
});

// POST /api/v1/tenants — another tenant owned by the caller, provisioned before answering.
export const POST = userRoute(createTenantOperation, async ({ actor, body, audit }) => {
  const row = await createTenantForUser(actor.userId, body.name);
  audit.tenant = { id: row.id, slug: row.slug };
  audit.target = `tenant:${row.slug}`;
  audit.details = { tenantStatus: row.status };
  return getTenantDetail(row.id, "owner");
});
