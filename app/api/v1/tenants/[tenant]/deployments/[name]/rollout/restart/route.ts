import { restartRolloutOperation } from "@/lib/contracts/workloads";
import { restartRollout } from "@/lib/server/deployments/rollout-actions";
import { tenantRoute } from "@/lib/server/http/tenant-route";

export const dynamic = "force-dynamic";

// POST /api/v1/tenants/{tenant}/deployments/{name}/rollout/restart — replace every pod by a rollout (kubectl rollout restart).
export const POST = tenantRoute(restartRolloutOperation, async ({ tenant, actor, role, params, audit }) => {
  audit.target = `workload:${tenant.slug}/${params.name}`;
  return restartRollout({ tenant, actor, role }, params.name);
});
