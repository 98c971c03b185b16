import "server-only";
import type { RolloutReplicaSet, WorkloadDetail } from "@/lib/contracts/workloads";
import type { CachedKindObject, WatchCache } from "@/lib/server/kubernetes/watch-cache";
import type { CachedStatefulSet, WorkloadObject } from "./find-workload-object";
import { listReplicaSetsOf, revisionOf } from "./list-replica-sets-of";
import { readWorkloadSpec } from "./read-workload-spec";
import { toTimestamp } from "./to-timestamp";
import { podStatusText } from "./pod-status-text";
import { toWorkloadSummary } from "./to-workload-summary";

const RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";
const EPOCH = new Date(0).toISOString();

function toService(service: CachedKindObject<"services"> | undefined): WorkloadDetail["service"] {
  if (!service) return null;
  const clusterIP = service.spec?.clusterIP;
  return {
    type: service.spec?.type ?? "ClusterIP",
    clusterIP: clusterIP && clusterIP !== "None" ? clusterIP : null,
    ports: (service.spec?.ports ?? []).map((port) => ({ port: port.port, targetPort: String(port.targetPort ?? port.port), nodePort: port.nodePort ?? null })),
  };
}

/** A StatefulSet has no ReplicaSets: its pods carry the revision they run, so its current and update revisions are counted from them. */
function statefulSetRevisions(cache: WatchCache, statefulSet: CachedStatefulSet): RolloutReplicaSet[] {
  const status = statefulSet.status;
  const pods = statefulSet.metadata?.uid ? cache.listByOwner("pods", statefulSet.metadata.namespace ?? "", statefulSet.metadata.uid) : [];
  const names = [...new Set([status?.updateRevision, status?.currentRevision].filter((name): name is string => Boolean(name)))];
  return names.map((name) => {
    const own = pods.filter((pod) => pod.metadata?.labels?.["controller-revision-hash"] === name);
    const ready = own.filter((pod) => pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length;
    const current = name === status?.updateRevision;
    const created = own.map((pod) => toTimestamp(pod.metadata?.creationTimestamp) ?? EPOCH).sort()[0];
    return {
      name,
      revision: null,
      image: own[0]?.spec?.containers?.[0]?.image ?? (current ? (statefulSet.spec?.template?.spec?.containers?.[0]?.image ?? "") : ""),
      desired: current ? (status?.updatedReplicas ?? own.length) : (status?.currentReplicas ?? own.length),
      ready,
      available: ready,
      current,
      createdAt: created ?? toTimestamp(statefulSet.metadata?.creationTimestamp) ?? EPOCH,
    };
  });
}

function deploymentReplicaSets(cache: WatchCache, workload: Extract<WorkloadObject, { kind: "Deployment" }>): RolloutReplicaSet[] {
  return listReplicaSetsOf(cache, workload.object).map((replicaSet, index) => ({
    name: replicaSet.metadata?.name ?? "",
    revision: revisionOf(replicaSet),
    image: replicaSet.spec?.template?.spec?.containers?.[0]?.image ?? "",
    desired: replicaSet.spec?.replicas ?? 0,
    ready: replicaSet.status?.readyReplicas ?? 0,
    available: replicaSet.status?.availableReplicas ?? 0,
    current: index === 0,
    createdAt: toTimestamp(replicaSet.metadata?.creationTimestamp) ?? EPOCH,
  }));
}

const HEALTHY_POD_STATUSES = new Set(["Running", "Pending", "ContainerCreating", "PodInitializing", "Terminating", "Completed"]);

/**
 * Why the new pods of a stuck rollout do not become ready, in kubectl's STATUS words ("ErrImagePull",
 * "CrashLoopBackOff"), so a failed or slow rollout names its cause and not only its deadline.
 */
function newPodTrouble(cache: WatchCache, namespace: string, replicaSetUid: string | undefined): string | null {
  if (!replicaSetUid) return null;
  const troubles = new Set<string>();
  for (const pod of cache.listByOwner("pods", namespace, replicaSetUid)) {
    const { status } = podStatusText(pod);
    if (!HEALTHY_POD_STATUSES.has(status)) troubles.add(status);
  }
  return troubles.size ? [...troubles].sort().join(", ") : null;
}

/** One workload in full, from the cache's ReplicaSets, pods and Service of the same name. */
export function toWorkloadDetail(cache: WatchCache, workload: WorkloadObject): WorkloadDetail {
  const { object } = workload;
  const namespace = object.metadata?.namespace ?? "";
  const name = object.metadata?.name ?? "";
  const summary = toWorkloadSummary(workload);
  const service = cache.get("services", namespace, name);
  const replicaSets = workload.kind === "Deployment" ? deploymentReplicaSets(cache, workload) : statefulSetRevisions(cache, workload.object);
  let message = summary.message;
  if (workload.kind === "Deployment" && (summary.state === "failed" || summary.state === "progressing")) {
    const current = listReplicaSetsOf(cache, workload.object)[0];
    const trouble = newPodTrouble(cache, namespace, current?.metadata?.uid);
    if (trouble) message = `${message ?? "Rollout in progress"} (new pods: ${trouble})`;
  }
  let rolloutStartedAt: string | null = null;
  if (summary.state === "progressing" || summary.state === "paused") {
    const started = workload.kind === "Deployment" ? (replicaSets[0]?.createdAt ?? null) : null;
    const restarted = toTimestamp(object.spec?.template?.metadata?.annotations?.[RESTARTED_AT_ANNOTATION]);
    rolloutStartedAt = restarted && (!started || restarted > started) ? restarted : started;
  }
  return {
    ...summary,
    message,
    spec: readWorkloadSpec(object, service),
    paused: workload.kind === "Deployment" ? Boolean(workload.object.spec?.paused) : false,
    conditions: (object.status?.conditions ?? []).map((condition) => ({
      type: condition.type,
      status: condition.status,
      reason: condition.reason ?? null,
      message: condition.message ?? null,
      lastUpdateTime: toTimestamp((condition as { lastUpdateTime?: string }).lastUpdateTime ?? condition.lastTransitionTime),
    })),
    replicaSets,
    service: toService(service),
    rolloutStartedAt,
  };
}
