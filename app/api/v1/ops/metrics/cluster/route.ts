import { getClusterMetricsOperation } from "@/lib/contracts/tenant-metrics";
import { adminRoute } from "@/lib/server/http/user-route";
import { queryClusterMetrics } from "@/lib/server/metrics/query-cluster-metrics";

export const dynamic = "force-dynamic";

// GET /api/v1/ops/metrics/cluster?range=… — capacity and per-node values (platform admins).
export const GET = adminRoute(getClusterMetricsOperation, async ({ query }) => queryClusterMetrics(query.range));
