import "server-only";
import { findContainerSize } from "@/lib/contracts/container-sizes";
import type { WorkloadSummary } from "@/lib/contracts/workloads";
import { deriveRolloutState } from "./derive-rollout-state";
import type { WorkloadObject } from "./find-workload-object";
import { parseCpuMillicores, parseMemoryMiB } from "./parse-quantity";
import { toTimestamp } from "./to-timestamp";

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
export const CANARY_PAUSE_AFTER_ANNOTATION = "apiary.io/canary-pause-after";
/** Set by the canary controller when it paused the rollout: still a canary, now waiting for resume or roll back. */
export const CANARY_PAUSED_AFTER_ANNOTATION = "apiary.io/canary-paused-after";

// Cached objects are replaced on every change and never mutated, so a summary computed once per object stays
// right for as long as that object is the cache's: lists of a tenant with many workloads cost a Map lookup each.
const memo = new WeakMap<object, WorkloadSummary>();

type PodTemplate = NonNullable<WorkloadObject["object"]["spec"]>["template"];

/** Requests of one replica, summed over its containers (a container without requests counts its limits, as the API server defaults them). */
export function podTemplateRequests(template: PodTemplate | undefined): { cpuRequestMillicores: number; memoryRequestMiB: number } {
  let cpuRequestMillicores = 0;
  let memoryRequestMiB = 0;
  for (const container of template?.spec?.containers ?? []) {
    const requests = container.resources?.requests;
    const limits = container.resources?.limits;
    cpuRequestMillicores += parseCpuMillicores(requests?.cpu ?? limits?.cpu) ?? 0;
    memoryRequestMiB += parseMemoryMiB(requests?.memory ?? limits?.memory) ?? 0;
  }
  return { cpuRequestMillicores, memoryRequestMiB };
}

export function parseRevision(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value)) return null;
  return Number(value);
}

function computeSummary(workload: WorkloadObject): WorkloadSummary {
  const { object } = workload;
  const metadata = object.metadata;
  const status = object.status;
  const template = object.spec?.template;
  const requests = podTemplateRequests(template);
  const size = findContainerSize(requests.cpuRequestMillicores, requests.memoryRequestMiB);
  const canary = parseRevision(metadata?.annotations?.[CANARY_PAUSE_AFTER_ANNOTATION] ?? metadata?.annotations?.[CANARY_PAUSED_AFTER_ANNOTATION]);
  return {
    name: metadata?.name ?? "",
    kind: workload.kind,
    image: template?.spec?.containers?.[0]?.image ?? "",
    ...deriveRolloutState(workload),
    replicas: {
      desired: object.spec?.replicas ?? 1,
      updated: status?.updatedReplicas ?? 0,
      ready: status?.readyReplicas ?? 0,
      available: status?.availableReplicas ?? 0,
      total: status?.replicas ?? 0,
    },
    // A StatefulSet's revisions are ControllerRevisions, which the cache does not hold, so it has no number here.
    revision: workload.kind === "Deployment" ? parseRevision(metadata?.annotations?.[REVISION_ANNOTATION]) : null,
    ...requests,
    size: size?.id ?? null,
    createdAt: toTimestamp(metadata?.creationTimestamp) ?? new Date(0).toISOString(),
    canaryPauseAfter: canary,
  };
}

/** The list row of a Deployment or StatefulSet, computed once per cached object. */
export function toWorkloadSummary(workload: WorkloadObject): WorkloadSummary {
  let summary = memo.get(workload.object);
  if (!summary) {
    summary = computeSummary(workload);
    memo.set(workload.object, summary);
  }
  return summary;
}
