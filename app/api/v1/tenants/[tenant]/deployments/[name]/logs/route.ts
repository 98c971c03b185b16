import { workloadLogsOperation } from "@/lib/contracts/workloads";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { streamWorkloadLogs } from "@/lib/server/deployments/stream-workload-logs";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/deployments/{name}/logs — NDJSON lines of one pod or all pods merged; follow streams.
export const GET = tenantRoute(workloadLogsOperation, async ({ tenant, actor, role, params, query, request }) =>
  streamWorkloadLogs({ tenant, actor, role }, params.name, query, request.signal),
);
