import "server-only";
import type { CachedKindObject, WatchCache } from "@/lib/server/kubernetes/watch-cache";

// A tenant's workload as the cache holds it: a Deployment or a StatefulSet, tagged with its kind so converters
// need not guess from the object's shape.

export type CachedDeployment = CachedKindObject<"deployments">;
export type CachedStatefulSet = CachedKindObject<"statefulsets">;

export type WorkloadObject = { kind: "Deployment"; object: CachedDeployment } | { kind: "StatefulSet"; object: CachedStatefulSet };

/** The workload of that name in the namespace (a Deployment first, as names are unique across both kinds), or null. */
export function findWorkloadObject(cache: WatchCache, namespace: string, name: string): WorkloadObject | null {
  const deployment = cache.get("deployments", namespace, name);
  if (deployment) return { kind: "Deployment", object: deployment };
  const statefulSet = cache.get("statefulsets", namespace, name);
  if (statefulSet) return { kind: "StatefulSet", object: statefulSet };
  return null;
}
