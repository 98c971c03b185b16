import { getTenantMetricsOperation } from "@/lib/contracts/tenant-metrics";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { queryTenantMetrics } from "@/lib/server/metrics/query-tenant-metrics";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/metrics?target=deployment/NAME|pod/NAME|tenant&range=15m|1h|6h|24h|7d
export const GET = tenantRoute(getTenantMetricsOperation, async ({ tenant, query }) => queryTenantMetrics(tenant, query));
