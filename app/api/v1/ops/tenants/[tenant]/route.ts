import { opsDeleteTenantOperation } from "@/lib/contracts/tenants";
import { adminRoute } from "@/lib/server/http/user-route";
import { deleteTenant } from "@/lib/server/tenancy/ops-tenants";

export const dynamic = "force-dynamic";

// DELETE /api/v1/ops/tenants/{tenant} — body {confirm: "<slug>"}; deletes the namespace, marks the tenant deleted.
export const DELETE = adminRoute(opsDeleteTenantOperation, async ({ params, body, audit }) => {
  audit.target = `tenant:${params.tenant.slice(0, 63)}`;
  const tenant = await deleteTenant(params.tenant, body.confirm);
  audit.tenant = { id: tenant.id, slug: tenant.slug };
  return tenant;
});
