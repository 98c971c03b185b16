import { provisionTenantOperation } from "@/lib/contracts/tenants";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { reconcileTenant } from "@/lib/server/tenancy/reconcile-tenant";
import { findTenantById, getTenantDetail } from "@/lib/server/tenancy/tenants";

export const dynamic = "force-dynamic";

// POST /api/v1/tenants/{tenant}/provision — re-run the idempotent provisioning (the retry after a failure).
export const POST = tenantRoute(provisionTenantOperation, async ({ tenant, role, audit }) => {
  const row = await reconcileTenant((await findTenantById(tenant.id))!);
  audit.details = { tenantStatus: row.status };
  return getTenantDetail(tenant.id, role);
});
