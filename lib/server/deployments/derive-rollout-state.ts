import "server-only";
import type { WorkloadState } from "@/lib/contracts/workloads";
import type { CachedDeployment, CachedStatefulSet, WorkloadObject } from "./find-workload-object";

// The state of a workload exactly as `kubectl rollout status` decides it (kubectl/pkg/polymorphichelpers/
// rollout_status.go: DeploymentStatusViewer, StatefulSetStatusViewer), so Apiary and kubectl never disagree
// about whether a rollout is done. The messages are kubectl's, too.

export interface RolloutState {
  state: WorkloadState;
  reason: string | null;
  message: string | null;
}

const CANARY_ANNOTATION = "apiary.io/canary-pause-after";

function deploymentState(deployment: CachedDeployment): RolloutState {
  const name = deployment.metadata?.name ?? "";
  const status = deployment.status ?? {};
  const progressing = status.conditions?.find((condition) => condition.type === "Progressing");
  if ((deployment.metadata?.generation ?? 0) > (status.observedGeneration ?? 0)) {
    return { state: "progressing", reason: null, message: "Waiting for deployment spec update to be observed" };
  }
  if (progressing?.reason === "ProgressDeadlineExceeded") {
    return { state: "failed", reason: "ProgressDeadlineExceeded", message: progressing.message ?? `deployment "${name}" exceeded its progress deadline` };
  }
  const desired = deployment.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  if (deployment.spec?.paused) {
    const canary = deployment.metadata?.annotations?.[CANARY_ANNOTATION];
    const message = canary ? `Canary: paused after ${updated} of ${desired} new replicas; resume or roll back` : `Rollout is paused with ${updated} of ${desired} new replicas updated`;
    return { state: "paused", reason: "DeploymentPaused", message };
  }
  const reason = progressing?.reason ?? null;
  if (updated < desired) {
    return { state: "progressing", reason, message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${desired} new replicas have been updated` };
  }
  if (total > updated) {
    return { state: "progressing", reason, message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination` };
  }
  if (available < updated) {
    return { state: "progressing", reason, message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available` };
  }
  return { state: "available", reason: null, message: null };
}

function statefulSetState(statefulSet: CachedStatefulSet): RolloutState {
  const status = statefulSet.status;
  const desired = statefulSet.spec?.replicas ?? 1;
  if (!status?.observedGeneration || (statefulSet.metadata?.generation ?? 0) > status.observedGeneration) {
    return { state: "progressing", reason: null, message: "Waiting for statefulset spec update to be observed" };
  }
  const ready = status.readyReplicas ?? 0;
  if (ready < desired) return { state: "progressing", reason: null, message: `Waiting for ${desired - ready} pods to be ready` };
  const rollingUpdate = statefulSet.spec?.updateStrategy?.rollingUpdate;
  const updated = status.updatedReplicas ?? 0;
  if (statefulSet.spec?.updateStrategy?.type !== "OnDelete" && rollingUpdate) {
    // kubectl judges a RollingUpdate with a rollingUpdate block by its partition only.
    const target = desired - (rollingUpdate.partition ?? 0);
    if (rollingUpdate.partition !== undefined && updated < target) {
      return { state: "progressing", reason: null, message: `Waiting for partitioned roll out to finish: ${updated} out of ${target} new pods have been updated` };
    }
    return { state: "available", reason: null, message: null };
  }
  if (status.updateRevision !== status.currentRevision) {
    return { state: "progressing", reason: null, message: `Waiting for statefulset rolling update to complete ${updated} pods at revision ${status.updateRevision}` };
  }
  return { state: "available", reason: null, message: null };
}

export function deriveRolloutState(workload: WorkloadObject): RolloutState {
  return workload.kind === "Deployment" ? deploymentState(workload.object) : statefulSetState(workload.object);
}
