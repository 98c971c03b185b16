import { deleteWorkloadOperation, getWorkloadOperation, updateWorkloadOperation } from "@/lib/contracts/workloads";
import { deleteWorkload } from "@/lib/server/deployments/delete-workload";
import { updateWorkload } from "@/lib/server/deployments/update-workload";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { getWorkloadOrThrow } from "@/lib/server/deployments/get-workload";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/deployments/{name} — one workload: status, spec, rollout ReplicaSets, service.
export const GET = tenantRoute(getWorkloadOperation, async ({ tenant, params }) => getWorkloadOrThrow(tenant, params.name));

// PATCH /api/v1/tenants/{tenant}/deployments/{name} — scale, or edit from the form or YAML, as the caller.
export const PATCH = tenantRoute(updateWorkloadOperation, async ({ tenant, actor, role, params, body, audit }) => {
  audit.target = `workload:${tenant.slug}/${params.name}`;
  return updateWorkload({ tenant, actor, role }, params.name, body);
});

// DELETE /api/v1/tenants/{tenant}/deployments/{name}?confirm={name} — the workload and its Service.
export const DELETE = tenantRoute(deleteWorkloadOperation, async ({ tenant, actor, role, params, query, audit }) => {
  audit.target = `workload:${tenant.slug}/${params.name}`;
  return deleteWorkload({ tenant, actor, role }, params.name, query.confirm);
});
