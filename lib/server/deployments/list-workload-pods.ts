import "server-only";
import type { WorkloadPodList } from "@/lib/contracts/workloads";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import type { CachedKindObject, WatchCache } from "@/lib/server/kubernetes/watch-cache";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";
import type { WorkloadObject } from "./find-workload-object";
import { getWorkloadObjectOrThrow } from "./get-workload-object-or-throw";
import { listReplicaSetsOf } from "./list-replica-sets-of";
import { toWorkloadPod } from "./to-workload-pod";

type CachedPod = CachedKindObject<"pods">;
type CachedReplicaSet = CachedKindObject<"replicasets">;

/** The workload's pods with the ReplicaSet each belongs to (none for a StatefulSet's), found through the owner index. */
export function podsOfWorkload(cache: WatchCache, workload: WorkloadObject): { pod: CachedPod; replicaSet: CachedReplicaSet | undefined }[] {
  const namespace = workload.object.metadata?.namespace ?? "";
  if (workload.kind === "StatefulSet") {
    const uid = workload.object.metadata?.uid;
    return uid ? cache.listByOwner("pods", namespace, uid).map((pod) => ({ pod, replicaSet: undefined })) : [];
  }
  const out: { pod: CachedPod; replicaSet: CachedReplicaSet | undefined }[] = [];
  for (const replicaSet of listReplicaSetsOf(cache, workload.object)) {
    const uid = replicaSet.metadata?.uid;
    if (uid) for (const pod of cache.listByOwner("pods", namespace, uid)) out.push({ pod, replicaSet });
  }
  return out;
}

/** The workload's pods, newest revision first, then by name. */
export function listWorkloadPods(tenant: ResolvedTenant, name: string): WorkloadPodList {
  const cache = getSyncedWatchCacheOrThrow();
  const workload = getWorkloadObjectOrThrow(cache, tenant, name);
  const items = podsOfWorkload(cache, workload).map(({ pod, replicaSet }) => toWorkloadPod(pod, replicaSet, name));
  items.sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0) || a.name.localeCompare(b.name));
  return { items };
}
