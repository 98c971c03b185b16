import { listWorkloadPodsOperation } from "@/lib/contracts/workloads";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { listWorkloadPods } from "@/lib/server/deployments/list-workload-pods";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/deployments/{name}/pods — the workload's pods, as kubectl get pods shows them.
export const GET = tenantRoute(listWorkloadPodsOperation, async ({ tenant, params }) => listWorkloadPods(tenant, params.name));
