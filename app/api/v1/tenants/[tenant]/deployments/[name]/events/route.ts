import { listWorkloadEventsOperation } from "@/lib/contracts/workloads";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { listWorkloadEvents } from "@/lib/server/deployments/list-workload-events";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/deployments/{name}/events — events of the workload, its ReplicaSets and pods.
export const GET = tenantRoute(listWorkloadEventsOperation, async ({ tenant, params }) => listWorkloadEvents(tenant, params.name));
