// The ReplicaSet controller (pkg/controller/replicaset): keeps spec.replicas active pods, created from the
// template with generateName and a controller ownerReference, and reports replicas, readiness and
// availability in status. Pods are indexed by their owner's uid so a sync touches only that set's pods.

import type { ClusterApi, Controller, KObject } from "../core/types";
import {
  Backoff,
  canonicalJson,
  claimObjects,
  OrphanIndex,
  OwnerIndex,
  WorkQueue,
  deepClone,
  isPodActive,
  isPodAvailable,
  isPodReady,
  keyOf,
  labelSelectorMatches,
  newControllerRef,
  podAvailableAt,
  podCondition,
  splitKey,
  controllerRefOf,
} from "./pod-template";

const COMPONENT = "replicaset-controller";
/** controller.BurstReplicas: at most this many creations or deletions per sync. */
const BURST_REPLICAS = 500;
/** controller.SlowStartInitialBatchSize. */
const SLOW_START_INITIAL_BATCH = 1;
const RESYNC_MS = 30_000;
const LARGE_SET = 200;
const LARGE_SET_DELAY_MS = 500;

export interface ReplicaSetControllerOptions {
  burstReplicas?: number;
}

/** The pod a ReplicaSet creates: the template plus generateName and the controller reference. */
export function podFromTemplate(owner: KObject, template: any, generateName: string): KObject {
  const meta = deepClone(template?.metadata ?? {});
  delete meta.creationTimestamp;
  const pod: KObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      ...meta,
      generateName,
      namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [newControllerRef(owner)],
    },
    spec: deepClone(template?.spec ?? {}),
  };
  if (!meta.annotations) delete pod.metadata.annotations;
  return pod;
}

/** controller.ActivePods ordering for scale-down: the first ones are deleted first. */
function deletionRank(a: KObject, b: KObject): number {
  const assigned = (p: KObject) => (p.spec?.nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const pa = phaseRank[a.status?.phase ?? "Pending"] ?? 0;
  const pb = phaseRank[b.status?.phase ?? "Pending"] ?? 0;
  if (pa !== pb) return pa - pb;
  const ready = (p: KObject) => (isPodReady(p) ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  // Ready for less time goes first.
  const readySince = (p: KObject) => Date.parse(podCondition(p, "Ready")?.lastTransitionTime ?? "") || 0;
  if (ready(a) && readySince(a) !== readySince(b)) return readySince(b) - readySince(a);
  const restarts = (p: KObject) => ((p.status?.containerStatuses ?? []) as any[]).reduce((n, c) => n + (c.restartCount ?? 0), 0);
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  // Newer pods go first.
  return (Date.parse(b.metadata.creationTimestamp ?? "") || 0) - (Date.parse(a.metadata.creationTimestamp ?? "") || 0);
}

/** Compared canonically: a write that changed nothing would wake this controller again, forever. */
function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? {}) === canonicalJson(b ?? {});
}

export function startReplicaSetController(api: ClusterApi, options: ReplicaSetControllerOptions = {}): Controller {
  const burst = options.burstReplicas ?? BURST_REPLICAS;
  const pods = new OwnerIndex();
  const orphans = new OrphanIndex();
  const backoff = new Backoff(1000, 60_000);
  const queue = new WorkQueue(api.clock, (key) => sync(key), (key) => queue.addAfter(key, backoff.next(key)));
  // The error that made the last manageReplicas fail, kept until a sync succeeds (the ReplicaFailure condition).
  const failures = new Map<string, { reason: string; message: string; retryAt: number }>();

  const enqueueOwner = (pod: KObject | undefined) => {
    const ref = controllerRefOf(pod);
    if (ref?.kind !== "ReplicaSet" || !pod) return;
    const key = `${pod.metadata.namespace}/${ref.name}`;
    // A sync reads every pod of the set; for a large set, pod status changes (a kubelet marking thousands
    // of pods Ready) are batched for a moment instead of costing a full pass each.
    if (pods.count(ref.uid) > LARGE_SET) queue.addAfter(key, LARGE_SET_DELAY_MS);
    else queue.add(key);
  };

  /** An orphan pod wakes the ReplicaSets that select it, one of which adopts it. */
  const enqueueAdopters = (pod: KObject) => {
    for (const rs of api.list("replicasets", { namespace: pod.metadata.namespace })) {
      if (!rs.metadata.deletionTimestamp && labelSelectorMatches(rs.spec?.selector, pod.metadata.labels)) queue.add(keyOf(rs));
    }
  };

  for (const pod of api.list("pods")) {
    pods.apply({ type: "ADDED", object: pod });
    orphans.apply({ type: "ADDED", object: pod });
  }
  const unsubscribers = [
    api.subscribe("pods", (event) => {
      pods.apply(event);
      orphans.apply(event);
      enqueueOwner(event.object);
      if (event.old && controllerRefOf(event.old)?.uid !== controllerRefOf(event.object)?.uid) enqueueOwner(event.old);
      if (event.type !== "DELETED" && !controllerRefOf(event.object) && isPodActive(event.object)) enqueueAdopters(event.object);
    }),
    api.subscribe("replicasets", (event) => {
      if (event.type === "DELETED") failures.delete(keyOf(event.object));
      queue.add(keyOf(event.object));
    }),
  ];
  for (const rs of api.list("replicasets")) queue.add(keyOf(rs));
  const resync = api.clock.setInterval(() => {
    for (const rs of api.list("replicasets")) queue.add(keyOf(rs));
  }, RESYNC_MS);

  function sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const rs = api.get("replicasets", namespace, name);
    if (!rs) return;
    claimObjects(api, "pods", rs, pods.owned(rs.metadata.uid), orphans.inNamespace(namespace).filter(isPodActive));
    const active = pods.owned(rs.metadata.uid).filter(isPodActive);
    const previous = failures.get(key);
    // After a refused create, wait for the backoff instead of retrying on every pod event (each retry
    // would be another FailedCreate against the same quota).
    if (previous && api.clock.now() < previous.retryAt) {
      updateStatus(rs, key);
      return;
    }
    let error: { reason: string; message: string } | undefined;
    if (!rs.metadata.deletionTimestamp) error = manageReplicas(rs, active);
    if (error) {
      const delay = backoff.next(key);
      failures.set(key, { ...error, retryAt: api.clock.now() + delay });
      queue.addAfter(key, delay);
    } else {
      failures.delete(key);
      backoff.reset(key);
    }
    updateStatus(rs, key);
  }

  function manageReplicas(rs: KObject, active: KObject[]): { reason: string; message: string } | undefined {
    const diff = active.length - (rs.spec?.replicas ?? 1);
    if (diff < 0) {
      let remaining = Math.min(-diff, burst);
      let batch = Math.min(remaining, SLOW_START_INITIAL_BATCH);
      // Slow start: 1, 2, 4, … so a refused create (quota, admission) fails fast instead of 500 times.
      while (remaining > 0) {
        for (let i = 0; i < batch; i++) {
          try {
            const pod = api.create("pods", podFromTemplate(rs, rs.spec?.template, `${rs.metadata.name}-`));
            api.recordEvent(rs, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`, COMPONENT);
          } catch (err) {
            const message = (err as Error).message;
            api.recordEvent(rs, "Warning", "FailedCreate", `Error creating: ${message}`, COMPONENT);
            return { reason: "FailedCreate", message };
          }
        }
        remaining -= batch;
        batch = Math.min(remaining, batch * 2);
      }
      if (-diff > burst) queue.add(keyOf(rs));
      return undefined;
    }
    if (diff > 0) {
      const victims = [...active].sort(deletionRank).slice(0, Math.min(diff, burst));
      for (const pod of victims) {
        try {
          api.delete("pods", pod.metadata.namespace, pod.metadata.name ?? "");
          api.recordEvent(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`, COMPONENT);
        } catch (err) {
          if ((err as { code?: number }).code === 404) continue;
          const message = (err as Error).message;
          api.recordEvent(rs, "Warning", "FailedDelete", `Error deleting: ${message}`, COMPONENT);
          return { reason: "FailedDelete", message };
        }
      }
    }
    return undefined;
  }

  function updateStatus(rs: KObject, key: string): void {
    const current = api.get("replicasets", rs.metadata.namespace, rs.metadata.name ?? "");
    if (!current) return;
    const active = pods.owned(current.metadata.uid).filter(isPodActive);
    const minReadySeconds = current.spec?.minReadySeconds ?? 0;
    const now = api.clock.now();
    const templateLabels = current.spec?.template?.metadata?.labels ?? {};
    let fullyLabeled = 0;
    let ready = 0;
    let available = 0;
    let nextAvailableAt: number | undefined;
    for (const pod of active) {
      if (labelSelectorMatches({ matchLabels: templateLabels }, pod.metadata.labels)) fullyLabeled++;
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, minReadySeconds, now)) available++;
        else {
          const at = podAvailableAt(pod, minReadySeconds);
          if (at !== undefined && (nextAvailableAt === undefined || at < nextAvailableAt)) nextAvailableAt = at;
        }
      }
    }
    const failure = failures.get(key);
    const oldConditions: any[] = current.status?.conditions ?? [];
    const conditions = oldConditions.filter((c) => c.type !== "ReplicaFailure");
    if (failure) {
      const previous = oldConditions.find((c) => c.type === "ReplicaFailure");
      conditions.push(
        previous && previous.reason === failure.reason && previous.message === failure.message
          ? previous
          : { type: "ReplicaFailure", status: "True", lastTransitionTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"), reason: failure.reason, message: failure.message },
      );
    }
    // Zero counts are omitted from the JSON, as the Go omitempty fields are (replicas is always present).
    const status: any = { replicas: active.length };
    if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    if (current.metadata.generation !== undefined) status.observedGeneration = current.metadata.generation;
    if (conditions.length) status.conditions = conditions;
    if (!sameJson(status, current.status)) {
      try {
        api.update("replicasets", { ...current, status }, { subresource: "status" });
      } catch (err) {
        if ((err as { code?: number }).code !== 404) queue.addAfter(key, backoff.next(key));
        return;
      }
    }
    // Availability changes with time alone when minReadySeconds is set; nothing else would wake us.
    if (nextAvailableAt !== undefined) queue.addAfter(key, Math.max(1, nextAvailableAt - now));
  }

  return {
    stop() {
      queue.stop();
      resync.cancel();
      for (const u of unsubscribers) u();
    },
  };
}
