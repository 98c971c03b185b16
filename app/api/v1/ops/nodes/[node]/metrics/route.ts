import { getOpsNodeMetricsOperation } from "@/lib/contracts/ops-monitoring";
import { adminRoute } from "@/lib/server/http/user-route";
import { queryNodeMetrics } from "@/lib/server/ops/query-node-metrics";

export const dynamic = "force-dynamic";

// GET /api/v1/ops/nodes/{node}/metrics?range=… — one node's charts and scrape state (platform admins).
export const GET = adminRoute(getOpsNodeMetricsOperation, async ({ params, query }) => queryNodeMetrics(params.node, query.range));
