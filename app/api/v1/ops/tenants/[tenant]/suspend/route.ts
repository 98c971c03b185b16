import { opsSuspendTenantOperation } from "@/lib/contracts/tenants";
import { adminRoute } from "@/lib/server/http/user-route";
import { suspendTenant } from "@/lib/server/tenancy/ops-tenants";

export const dynamic = "force-dynamic";

// POST /api/v1/ops/tenants/{tenant}/suspend — members keep reading; changes are refused until resumed.
export const POST = adminRoute(opsSuspendTenantOperation, async ({ params, audit }) => {
  audit.target = `tenant:${params.tenant.slice(0, 63)}`;
  const tenant = await suspendTenant(params.tenant);
  audit.tenant = { id: tenant.id, slug: tenant.slug };
  return tenant;
});
