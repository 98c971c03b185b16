import { pauseRolloutOperation } from "@/lib/contracts/workloads";
import { pauseRollout } from "@/lib/server/deployments/rollout-actions";
import { tenantRoute } from "@/lib/server/http/tenant-route";

export const dynamic = "force-dynamic";

// POST /api/v1/tenants/{tenant}/deployments/{name}/rollout/pause — pause the rollout (kubectl rollout pause).
export const POST = tenantRoute(pauseRolloutOperation, async ({ tenant, actor, role, params, audit }) => {
  audit.target = `workload:${tenant.slug}/${params.name}`;
  return pauseRollout({ tenant, actor, role }, params.name);
});
