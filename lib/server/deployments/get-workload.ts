import "server-only";
import type { WorkloadDetail } from "@/lib/contracts/workloads";
import { getSyncedWatchCacheOrThrow, getWatchCache } from "@/lib/server/kubernetes/get-watch-cache";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";
import { findWorkloadObject, type WorkloadObject } from "./find-workload-object";
import { getWorkloadObjectOrThrow } from "./get-workload-object-or-throw";
import { toWorkloadDetail } from "./to-workload-detail";

interface FreshObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: { updateStrategy?: unknown; serviceName?: unknown };
}

/** True when `a` is a later resourceVersion than `b`. Versions are opaque to clients in general; every API
 *  server Apiary talks to (etcd-backed, and the simulator) uses increasing integers, and anything else counts as newer. */
function isNewer(a: string | undefined, b: string | undefined): boolean {
  if (!a) return false;
  if (!b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return true;
  return BigInt(a) > BigInt(b);
}

function freshWorkload(fresh: FreshObject, cached: WorkloadObject | null): WorkloadObject {
  const kind = fresh.kind ?? cached?.kind ?? (fresh.spec?.updateStrategy !== undefined || fresh.spec?.serviceName !== undefined ? "StatefulSet" : "Deployment");
  return kind === "StatefulSet" ? { kind, object: fresh as never } : { kind: "Deployment", object: fresh as never };
}

/**
 * One workload of the tenant from the watch cache (Deployment first, then StatefulSet of that name), or a
 * not_found ApiError. The write side calls it to answer with the new state: `fresh` is the object a write just
 * got back from the API server, used instead of the cache's copy when it is newer (the watch may not have
 * delivered it yet).
 */
export async function getWorkloadOrThrow(tenant: ResolvedTenant, name: string, fresh?: unknown): Promise<WorkloadDetail> {
  const cache = getWatchCache();
  const candidate = fresh as FreshObject | undefined;
  if (candidate?.metadata?.name === name && (candidate.metadata.namespace ?? tenant.namespace) === tenant.namespace) {
    const cached = findWorkloadObject(cache, tenant.namespace, name);
    if (!cached || isNewer(candidate.metadata.resourceVersion, cached.object.metadata?.resourceVersion)) {
      return toWorkloadDetail(cache, freshWorkload(candidate, cached));
    }
    return toWorkloadDetail(cache, cached);
  }
  const synced = getSyncedWatchCacheOrThrow();
  return toWorkloadDetail(synced, getWorkloadObjectOrThrow(synced, tenant, name));
}
