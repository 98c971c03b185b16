import { listWorkloadRevisionsOperation } from "@/lib/contracts/workloads";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { listWorkloadRevisions } from "@/lib/server/deployments/list-workload-revisions";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/deployments/{name}/revisions — kept revisions, as kubectl rollout history.
export const GET = tenantRoute(listWorkloadRevisionsOperation, async ({ tenant, params }) => listWorkloadRevisions(tenant, params.name));
