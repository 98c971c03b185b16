import "server-only";
import type { V1Pod } from "@kubernetes/client-node";
import type { CachedObject } from "@/lib/server/kubernetes/watch-cache";
import { parseCpuMillicores, parseMemoryMiB } from "@/lib/server/deployments/parse-quantity";

// What the meter reads from a pod: for each container, what it requests and when it started and stopped holding
// those requests. A scheduled pod's requests are reserved on its node from the moment it starts until it
// terminates or is deleted, restarts included, so that is what is billed (DESIGN.md § Billing).

export interface ContainerObservation {
  tenantId: string;
  podUid: string;
  podName: string;
  container: string;
  workload: string;
  cpuMillicores: number;
  memoryMiB: number;
  startSeconds: number;
  /** Set when the pod has finished (Succeeded/Failed): the container's finish time. */
  endSeconds: number | null;
  /** The pod's deletionTimestamp, when it is being deleted. */
  deletingSeconds: number | null;
}

type Pod = CachedObject<V1Pod>;

function seconds(time: string | undefined | null): number | null {
  if (!time) return null;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

/** The workload a pod belongs to: its Deployment (the ReplicaSet's name minus the template hash) or StatefulSet. */
export function workloadOfPod(pod: Pod): string {
  const owner = pod.metadata?.ownerReferences?.find((reference) => reference.controller) ?? pod.metadata?.ownerReferences?.[0];
  const podName = pod.metadata?.name ?? "";
  if (!owner) return podName;
  if (owner.kind === "ReplicaSet") {
    const hash = pod.metadata?.labels?.["pod-template-hash"];
    if (hash && owner.name.endsWith(`-${hash}`)) return owner.name.slice(0, -(hash.length + 1));
    return owner.name.replace(/-[a-z0-9]{5,10}$/, "");
  }
  return owner.name;
}

/** The containers of a pod that has started, with their requests; a pod not yet started holds nothing billable. */
export function observePod(pod: Pod, tenantId: string): ContainerObservation[] {
  const uid = pod.metadata?.uid;
  if (!uid || !pod.spec?.nodeName) return [];
  const statuses = pod.status?.containerStatuses ?? [];
  const podStart = seconds(pod.status?.startTime);
  const finished = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
  const deletingSeconds = seconds(pod.metadata?.deletionTimestamp);
  const workload = workloadOfPod(pod);
  const out: ContainerObservation[] = [];
  for (const container of pod.spec.containers ?? []) {
    const status = statuses.find((candidate) => candidate.name === container.name);
    const state = status?.state;
    const containerStart = seconds(state?.running?.startedAt) ?? seconds(state?.terminated?.startedAt) ?? seconds(status?.lastState?.terminated?.startedAt);
    const startSeconds = podStart ?? containerStart;
    if (startSeconds === null) continue;
    let endSeconds: number | null = null;
    if (finished) endSeconds = Math.max(startSeconds, seconds(state?.terminated?.finishedAt) ?? deletingSeconds ?? startSeconds);
    out.push({
      tenantId,
      podUid: uid,
      podName: pod.metadata?.name ?? uid,
      container: container.name,
      workload,
      cpuMillicores: Math.max(0, parseCpuMillicores(container.resources?.requests?.cpu) ?? 0),
      memoryMiB: Math.max(0, parseMemoryMiB(container.resources?.requests?.memory) ?? 0),
      startSeconds,
      endSeconds,
      deletingSeconds,
    });
  }
  return out;
}
