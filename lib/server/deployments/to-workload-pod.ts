import "server-only";
import type { WorkloadPod } from "@/lib/contracts/workloads";
import type { CachedKindObject } from "@/lib/server/kubernetes/watch-cache";
import { podStatusText } from "./pod-status-text";
import { toTimestamp } from "./to-timestamp";
import { parseRevision, REVISION_ANNOTATION } from "./to-workload-summary";

type CachedPod = CachedKindObject<"pods">;
type CachedReplicaSet = CachedKindObject<"replicasets">;

// A pod's row depends on the pod and on its ReplicaSet (whose revision annotation changes on a rollback), so
// the memo remembers which ReplicaSet object it was computed with.
const memo = new WeakMap<object, { replicaSet: CachedReplicaSet | undefined; workload: string | null; pod: WorkloadPod }>();

function podMessage(pod: CachedPod): string | null {
  for (const container of pod.status?.containerStatuses ?? []) {
    const message = container.state?.waiting?.message ?? container.state?.terminated?.message;
    if (message) return message;
  }
  if (pod.status?.message) return pod.status.message;
  const unschedulable = pod.status?.conditions?.find((condition) => condition.type === "PodScheduled" && condition.status === "False");
  return unschedulable?.message ?? null;
}

function computePod(pod: CachedPod, replicaSet: CachedReplicaSet | undefined, workload: string | null): WorkloadPod {
  const { status, readyContainers, restarts } = podStatusText(pod);
  return {
    name: pod.metadata?.name ?? "",
    workload,
    phase: pod.status?.phase ?? "Unknown",
    status,
    ready: pod.status?.conditions?.some((condition) => condition.type === "Ready" && condition.status === "True") ?? false,
    readyContainers,
    containers: pod.spec?.containers?.length ?? 0,
    restarts,
    node: pod.spec?.nodeName ?? null,
    podIP: pod.status?.podIP ?? null,
    image: pod.spec?.containers?.[0]?.image ?? "",
    revision: replicaSet ? parseRevision(replicaSet.metadata?.annotations?.[REVISION_ANNOTATION]) : null,
    message: podMessage(pod),
    createdAt: toTimestamp(pod.metadata?.creationTimestamp) ?? new Date(0).toISOString(),
  };
}

/** A pod as the workload screens show it; `replicaSet` (its controller, if any) gives its revision. */
export function toWorkloadPod(pod: CachedPod, replicaSet: CachedReplicaSet | undefined, workload: string | null): WorkloadPod {
  const hit = memo.get(pod);
  if (hit && hit.replicaSet === replicaSet && hit.workload === workload) return hit.pod;
  const converted = computePod(pod, replicaSet, workload);
  memo.set(pod, { replicaSet, workload, pod: converted });
  return converted;
}
