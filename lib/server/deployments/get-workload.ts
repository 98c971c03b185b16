import "server-only";
import type { WorkloadDetail } from "@/lib/contracts/workloads";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";

/**
 * One workload of the tenant from the watch cache (Deployment first, then StatefulSet of that name), or a
 * not_found ApiError. OWNED BY the read-side helper; the write side calls it to answer with the new state.
 * `fresh`: the object a write just got back from the API server, used instead of the cache's (which may lag).
 */
export async function getWorkloadOrThrow(tenant: ResolvedTenant, name: string, fresh?: unknown): Promise<WorkloadDetail> {
  void tenant;
  void name;
  void fresh;
  throw new Error("getWorkloadOrThrow is not written yet");
}
