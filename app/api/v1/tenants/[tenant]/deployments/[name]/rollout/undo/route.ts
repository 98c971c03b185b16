import { undoRolloutOperation } from "@/lib/contracts/workloads";
import { undoRollout } from "@/lib/server/deployments/rollout-actions";
import { tenantRoute } from "@/lib/server/http/tenant-route";

export const dynamic = "force-dynamic";

// POST /api/v1/tenants/{tenant}/deployments/{name}/rollout/undo — roll back to a kept revision (kubectl rollout undo).
export const POST = tenantRoute(undoRolloutOperation, async ({ tenant, actor, role, params, body, audit }) => {
  audit.target = `workload:${tenant.slug}/${params.name}`;
  audit.details = { revision: body.revision ?? null };
  return undoRollout({ tenant, actor, role }, params.name, body);
});
