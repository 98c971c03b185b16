import { startRolloutOperation } from "@/lib/contracts/workloads";
import { startRollout } from "@/lib/server/deployments/rollout-actions";
import { tenantRoute } from "@/lib/server/http/tenant-route";

export const dynamic = "force-dynamic";

// POST /api/v1/tenants/{tenant}/deployments/{name}/rollout — upgrade to a new image, optionally with a canary pause.
export const POST = tenantRoute(startRolloutOperation, async ({ tenant, actor, role, params, body, audit }) => {
  audit.target = `workload:${tenant.slug}/${params.name}`;
  audit.details = { image: body.image, canary: body.canary?.pauseAfterPods ?? null };
  return startRollout({ tenant, actor, role }, params.name, body);
});
