import { createWorkloadOperation, listWorkloadsOperation, WorkloadManifestPreview } from "@/lib/contracts/workloads";
import { createWorkload } from "@/lib/server/deployments/create-workload";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { listWorkloads } from "@/lib/server/deployments/list-workloads";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/deployments — Deployments and StatefulSets from the watch cache, filtered and paginated.
export const GET = tenantRoute(listWorkloadsOperation, async ({ tenant, query }) => listWorkloads(tenant, query));

// POST /api/v1/tenants/{tenant}/deployments — deploy from the form's spec or YAML, as the caller; dryRun=true answers 200 with the YAML.
export const POST = tenantRoute(createWorkloadOperation, async ({ tenant, actor, role, query, body, audit }) => {
  audit.target = `workload:${tenant.slug}/${"spec" in body ? body.spec.name : "yaml"}`;
  const result = await createWorkload({ tenant, actor, role }, body, query.dryRun);
  return query.dryRun ? Response.json(WorkloadManifestPreview.parse(result), { status: 200, headers: { "cache-control": "no-store" } }) : result;
});
