import "server-only";
import type { WorkloadEventList } from "@/lib/contracts/workloads";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";
import { getWorkloadObjectOrThrow } from "./get-workload-object-or-throw";
import { toWorkloadEvent } from "./to-workload-event";
import { workloadOfEvent } from "./workload-of";

/** Events of the workload, its ReplicaSets and its pods (also pods already gone), newest first. */
export function listWorkloadEvents(tenant: ResolvedTenant, name: string): WorkloadEventList {
  const cache = getSyncedWatchCacheOrThrow();
  const workload = getWorkloadObjectOrThrow(cache, tenant, name);
  const items = cache
    .list("events", tenant.namespace)
    .filter((event) => {
      const kind = event.involvedObject?.kind;
      if (kind === workload.kind) return event.involvedObject?.name === name;
      return (kind === "ReplicaSet" || kind === "Pod") && workloadOfEvent(cache, event) === name;
    })
    .map(toWorkloadEvent);
  items.sort((a, b) => (b.lastSeen ?? "").localeCompare(a.lastSeen ?? ""));
  return { items };
}
