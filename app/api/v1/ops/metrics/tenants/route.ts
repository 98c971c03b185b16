import { listTenantUsageOperation } from "@/lib/contracts/ops-monitoring";
import { adminRoute } from "@/lib/server/http/user-route";
import { rankTenantUsage } from "@/lib/server/metrics/rank-tenant-usage";

export const dynamic = "force-dynamic";

// GET /api/v1/ops/metrics/tenants?range=…&sort=cpu|memory|pods — tenants ranked by usage (platform admins).
export const GET = adminRoute(listTenantUsageOperation, async ({ query }) => rankTenantUsage(query.range, query.sort));
