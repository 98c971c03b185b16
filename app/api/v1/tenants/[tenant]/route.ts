import { getTenantOperation } from "@/lib/contracts/tenants";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { getTenantDetail } from "@/lib/server/tenancy/tenants";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant} — status, namespace, quota, and the caller's role and permissions.
export const GET = tenantRoute(getTenantOperation, async ({ tenant, role }) => getTenantDetail(tenant.id, role));
