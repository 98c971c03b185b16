import "server-only";
import { ApiError } from "@/lib/server/http/api-error";
import type { WatchCache } from "@/lib/server/kubernetes/watch-cache";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";
import { findWorkloadObject, type WorkloadObject } from "./find-workload-object";

/** The tenant's workload of that name from the cache, or a not_found ApiError (also for another tenant's). */
export function getWorkloadObjectOrThrow(cache: WatchCache, tenant: ResolvedTenant, name: string): WorkloadObject {
  const workload = findWorkloadObject(cache, tenant.namespace, name);
  if (!workload) throw new ApiError("not_found", `Workload ${name.slice(0, 63)} not found in tenant ${tenant.slug}.`);
  return workload;
}
