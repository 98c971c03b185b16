import "server-only";
import type { CachedKindObject, WatchCache } from "@/lib/server/kubernetes/watch-cache";

// Which workload an object belongs to, by the controller ownerReferences Kubernetes itself sets: a pod belongs
// to a ReplicaSet (which belongs to a Deployment) or to a StatefulSet.

interface Owned {
  readonly metadata?: { readonly ownerReferences?: ReadonlyArray<{ readonly kind: string; readonly name: string; readonly controller?: boolean }> };
}

export function controllerOf(object: Owned): { kind: string; name: string } | undefined {
  const owners = object.metadata?.ownerReferences;
  if (!owners) return undefined;
  return owners.find((owner) => owner.controller) ?? owners[0];
}

/** The Deployment that owns this ReplicaSet, or null for a bare ReplicaSet. */
export function workloadOfReplicaSet(replicaSet: CachedKindObject<"replicasets">): string | null {
  const owner = controllerOf(replicaSet);
  return owner?.kind === "Deployment" ? owner.name : null;
}

/** The pod's ReplicaSet from the cache, when a ReplicaSet controls it. */
export function replicaSetOfPod(cache: WatchCache, pod: CachedKindObject<"pods">): CachedKindObject<"replicasets"> | undefined {
  const owner = controllerOf(pod);
  if (owner?.kind !== "ReplicaSet") return undefined;
  return cache.get("replicasets", pod.metadata?.namespace ?? "", owner.name);
}

/** The workload name of a pod: its StatefulSet, or its ReplicaSet's Deployment; null when neither. */
export function workloadOfPod(cache: WatchCache, pod: CachedKindObject<"pods">): string | null {
  const owner = controllerOf(pod);
  if (owner?.kind === "StatefulSet") return owner.name;
  if (owner?.kind !== "ReplicaSet") return null;
  const replicaSet = cache.get("replicasets", pod.metadata?.namespace ?? "", owner.name);
  return replicaSet ? workloadOfReplicaSet(replicaSet) : null;
}

/**
 * The workload a Kubernetes event is about: the workload itself, one of its ReplicaSets, or one of its pods. A pod
 * that is gone is traced through its name (a Deployment's pods are named `<replicaset>-<suffix>`), so the events
 * of pods removed by a rollout still belong to their workload.
 */
export function workloadOfEvent(cache: WatchCache, event: CachedKindObject<"events">): string | null {
  const involved = event.involvedObject;
  const namespace = event.metadata?.namespace ?? "";
  const name = involved?.name ?? "";
  switch (involved?.kind) {
    case "Deployment":
    case "StatefulSet":
      return name;
    case "ReplicaSet": {
      const replicaSet = cache.get("replicasets", namespace, name);
      return replicaSet ? workloadOfReplicaSet(replicaSet) : null;
    }
    case "Pod": {
      const pod = cache.get("pods", namespace, name);
      if (pod) return workloadOfPod(cache, pod);
      const replicaSet = cache.get("replicasets", namespace, name.slice(0, name.lastIndexOf("-")));
      if (replicaSet) return workloadOfReplicaSet(replicaSet);
      const ordinal = /^(.+)-\d+$/.exec(name);
      return ordinal && cache.get("statefulsets", namespace, ordinal[1]) ? ordinal[1] : null;
    }
    default:
      return null;
  }
}
