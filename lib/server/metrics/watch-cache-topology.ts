import "server-only";
import { controllerOf, workloadOfPod } from "@/lib/server/deployments/workload-of";
import type { WatchCache } from "@/lib/server/kubernetes/watch-cache";
import type { CycleTopology, WorkloadRef } from "./aggregate-cycle";

/** Pods → their Deployment (through the ReplicaSet) or StatefulSet, from the watch cache's owner references. */
export function watchCacheTopology(cache: () => WatchCache): CycleTopology {
  return {
    workloadOf(namespace: string, podName: string): WorkloadRef | null {
      const pod = cache().get("pods", namespace, podName);
      if (!pod) return null;
      const name = workloadOfPod(cache(), pod);
      if (!name) return null;
      return { kind: controllerOf(pod)?.kind === "StatefulSet" ? "StatefulSet" : "Deployment", name };
    },
  };
}
