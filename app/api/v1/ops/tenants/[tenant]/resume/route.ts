import { opsResumeTenantOperation } from "@/lib/contracts/tenants";
import { adminRoute } from "@/lib/server/http/user-route";
import { resumeTenant } from "@/lib/server/tenancy/ops-tenants";

export const dynamic = "force-dynamic";

// POST /api/v1/ops/tenants/{tenant}/resume — lift a suspension.
export const POST = adminRoute(opsResumeTenantOperation, async ({ params, audit }) => {
  audit.target = `tenant:${params.tenant.slice(0, 63)}`;
  const tenant = await resumeTenant(params.tenant);
  audit.tenant = { id: tenant.id, slug: tenant.slug };
  return tenant;
});
