import { resumeRolloutOperation } from "@/lib/contracts/workloads";
import { resumeRollout } from "@/lib/server/deployments/rollout-actions";
import { tenantRoute } from "@/lib/server/http/tenant-route";

export const dynamic = "force-dynamic";

// POST /api/v1/tenants/{tenant}/deployments/{name}/rollout/resume — resume it, ending a canary (kubectl rollout resume).
export const POST = tenantRoute(resumeRolloutOperation, async ({ tenant, actor, role, params, audit }) => {
  audit.target = `workload:${tenant.slug}/${params.name}`;
  return resumeRollout({ tenant, actor, role }, params.name);
});
