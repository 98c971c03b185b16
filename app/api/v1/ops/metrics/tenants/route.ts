import { listTenantUsageOperation } from "@/lib/contracts/ops-monitoring";
import { adminRoute } from "@/lib/server/http/user-route";
import { listTenantUsage } from "@/lib/server/ops/list-tenant-usage";

export const dynamic = "force-dynamic";

// GET /api/v1/ops/metrics/tenants?range=…&sort=cpu|memory|pods — tenants ranked by usage (platform admins).
export const GET = adminRoute(listTenantUsageOperation, async ({ query }) => listTenantUsage(query.range, query.sort));
