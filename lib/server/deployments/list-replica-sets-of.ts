import "server-only";
import type { CachedKindObject, WatchCache } from "@/lib/server/kubernetes/watch-cache";
import type { CachedDeployment } from "./find-workload-object";
import { parseRevision, REVISION_ANNOTATION } from "./to-workload-summary";

type CachedReplicaSet = CachedKindObject<"replicasets">;

export function revisionOf(replicaSet: CachedReplicaSet): number | null {
  return parseRevision(replicaSet.metadata?.annotations?.[REVISION_ANNOTATION]);
}

/**
 * A Deployment's ReplicaSets (by ownerReference uid, a Map lookup), newest revision first. The first is the
 * current one: the deployment controller gives the ReplicaSet of the current template the highest revision,
 * which is what kubectl's FindNewReplicaSet finds once the controller has caught up.
 */
export function listReplicaSetsOf(cache: WatchCache, deployment: CachedDeployment): CachedReplicaSet[] {
  const uid = deployment.metadata?.uid;
  if (!uid) return [];
  const owned = [...cache.listByOwner("replicasets", deployment.metadata?.namespace ?? "", uid)];
  return owned.sort((a, b) => (revisionOf(b) ?? -1) - (revisionOf(a) ?? -1) || String(b.metadata?.creationTimestamp ?? "").localeCompare(String(a.metadata?.creationTimestamp ?? "")));
}
