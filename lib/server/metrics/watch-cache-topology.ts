import "server-only";
import { controllerOf, workloadOfReplicaSet } from "@/lib/server/deployments/workload-of";
import type { WatchCache } from "@/lib/server/kubernetes/watch-cache";
import type { CycleTopology, WorkloadRef } from "./aggregate-cycle";

interface Known {
  /** The ReplicaSet the answer went through (its name and the cached object then), or null for none. */
  replicaSetName: string | null;
  replicaSet: object | undefined;
  workload: WorkloadRef | null;
}

/**
 * Pods → their Deployment (through the ReplicaSet) or StatefulSet, from the watch cache's owner references. The
 * cache replaces an object on every change rather than editing it, so each pod's answer is kept against the pod's
 * object and the ReplicaSet's object it was read from: a scrape cycle asks again for every one of 30,000 pods, and
 * an unchanged pod is then two lookups, with the same WorkloadRef object as the cycle before.
 */
export function watchCacheTopology(cache: () => WatchCache): CycleTopology {
  const known = new WeakMap<object, Known>();
  return {
    workloadOf(namespace: string, podName: string): WorkloadRef | null {
      const watchCache = cache();
      const pod = watchCache.get("pods", namespace, podName);
      if (!pod) return null;
      const before = known.get(pod);
      if (before && (before.replicaSetName === null || watchCache.get("replicasets", namespace, before.replicaSetName) === before.replicaSet)) return before.workload;
      const owner = controllerOf(pod);
      let answer: Known;
      if (owner?.kind === "StatefulSet") answer = { replicaSetName: null, replicaSet: undefined, workload: owner.name ? { kind: "StatefulSet", name: owner.name } : null };
      else if (owner?.kind === "ReplicaSet") {
        const replicaSet = watchCache.get("replicasets", namespace, owner.name);
        const name = replicaSet ? workloadOfReplicaSet(replicaSet) : null;
        answer = { replicaSetName: owner.name, replicaSet, workload: name ? { kind: "Deployment", name } : null };
      } else answer = { replicaSetName: null, replicaSet: undefined, workload: null };
      known.set(pod, answer);
      return answer.workload;
    },
  };
}
