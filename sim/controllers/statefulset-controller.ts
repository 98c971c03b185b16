// The StatefulSet controller (pkg/controller/statefulset): stable pods `<sts>-<ordinal>` with their own
// PVCs, created in order (OrderedReady) or all at once (Parallel), updated from the highest ordinal down
// (RollingUpdate with partition) or on deletion (OnDelete). Every template version is a ControllerRevision
// `<sts>-<hash>` whose data is the template as a strategic merge patch, which is what
// `kubectl rollout history/undo statefulset` read and re-apply.

import type { ClusterApi, Controller, KObject } from "../core/types";
import {
  Backoff,
  OwnerIndex,
  WorkQueue,
  byCreation,
  canonicalJson,
  controllerRefOf,
  deepClone,
  hashWithCollisionCount,
  isPodAvailable,
  isPodReady,
  isPodTerminal,
  keyOf,
  newControllerRef,
  podAvailableAt,
  splitKey,
} from "./pod-template";
import { podFromTemplate } from "./replicaset-controller";

const COMPONENT = "statefulset-controller";
const RESYNC_MS = 30_000;
export const REVISION_LABEL = "controller-revision-hash";
export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
const CONTROLLER_REVISION_HASH_LABEL = "controller.kubernetes.io/hash";

/** The ControllerRevision data of a set: its template as a patch that replaces the whole template. */
export function revisionData(set: KObject): any {
  return { spec: { template: { ...deepClone(set.spec?.template ?? {}), $patch: "replace" } } };
}

function templateOf(revision: KObject): any {
  const template = deepClone(revision.data?.spec?.template ?? {});
  delete template.$patch;
  return template;
}

function ordinalOf(set: KObject, pod: KObject): number {
  const name = pod.metadata.name ?? "";
  const prefix = `${set.metadata.name}-`;
  if (!name.startsWith(prefix)) return -1;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1;
}

function startOrdinal(set: KObject): number {
  return set.spec?.ordinals?.start ?? 0;
}

function isRunningAndReady(pod: KObject): boolean {
  return pod.status?.phase === "Running" && isPodReady(pod);
}

function isTerminating(pod: KObject): boolean {
  return Boolean(pod.metadata.deletionTimestamp);
}

function isHealthy(pod: KObject): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

export function startStatefulSetController(api: ClusterApi): Controller {
  const pods = new OwnerIndex();
  const revisions = new OwnerIndex();
  const backoff = new Backoff(1000, 60_000);
  const queue = new WorkQueue(api.clock, (key) => sync(key), (key, err) => {
    if ((err as { code?: number })?.code === undefined) console.error(`statefulset ${key}:`, err);
    queue.addAfter(key, backoff.next(key));
  });

  const enqueueOwner = (obj: KObject | undefined) => {
    const ref = controllerRefOf(obj);
    if (ref?.kind === "StatefulSet" && obj) queue.add(`${obj.metadata.namespace}/${ref.name}`);
  };

  for (const pod of api.list("pods")) pods.apply({ type: "ADDED", object: pod });
  for (const cr of api.list("controllerrevisions")) revisions.apply({ type: "ADDED", object: cr });
  const unsubscribers = [
    api.subscribe("statefulsets", (event) => queue.add(keyOf(event.object))),
    api.subscribe("pods", (event) => {
      pods.apply(event);
      enqueueOwner(event.object);
    }),
    api.subscribe("controllerrevisions", (event) => {
      revisions.apply(event);
      enqueueOwner(event.object);
    }),
  ];
  for (const set of api.list("statefulsets")) queue.add(keyOf(set));
  const resync = api.clock.setInterval(() => {
    for (const set of api.list("statefulsets")) queue.add(keyOf(set));
  }, RESYNC_MS);

  // -------------------------------------------------------------------------------------------------
  // history

  function newRevision(set: KObject, revision: number, collisionCount: number | undefined): KObject {
    const data = revisionData(set);
    const hash = hashWithCollisionCount(canonicalJson(data), collisionCount);
    return {
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: {
        name: `${set.metadata.name}-${hash}`,
        namespace: set.metadata.namespace,
        labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
        ownerReferences: [newControllerRef(set)],
      },
      data,
      revision,
    };
  }

  /** getStatefulSetRevisions: the revision the set is at now (reusing an equal older one, renumbered) and the current one. */
  function getRevisions(set: KObject, owned: KObject[]): { current: KObject; update: KObject; collisionCount: number } {
    const sorted = [...owned].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || byCreation(a, b));
    const next = (sorted.at(-1)?.revision ?? 0) + 1;
    let collisionCount = set.status?.collisionCount ?? 0;
    const wanted = canonicalJson(revisionData(set));
    const equal = sorted.filter((cr) => canonicalJson(cr.data) === wanted);
    let update: KObject;
    if (equal.length && equal.at(-1) === sorted.at(-1)) {
      update = sorted.at(-1)!;
    } else if (equal.length) {
      // Going back to an earlier template (kubectl rollout undo) reuses its revision with a new number.
      const bumped = { ...equal.at(-1)!, revision: next };
      update = api.update("controllerrevisions", bumped);
    } else {
      for (;;) {
        const candidate = newRevision(set, next, collisionCount);
        try {
          update = api.create("controllerrevisions", candidate);
          break;
        } catch (err) {
          if ((err as { reason?: string }).reason !== "AlreadyExists") throw err;
          const clash = api.get("controllerrevisions", set.metadata.namespace, candidate.metadata.name ?? "");
          if (clash && controllerRefOf(clash)?.uid === set.metadata.uid && canonicalJson(clash.data) === wanted) {
            update = clash;
            break;
          }
          collisionCount++;
        }
      }
    }
    const current = sorted.find((cr) => cr.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount };
  }

  function truncateHistory(set: KObject, owned: KObject[], setPods: KObject[], current: KObject, update: KObject): void {
    const live = new Set<string>([current.metadata.name ?? "", update.metadata.name ?? ""]);
    for (const pod of setPods) live.add(pod.metadata.labels?.[REVISION_LABEL] ?? "");
    const nonLive = owned.filter((cr) => !live.has(cr.metadata.name ?? "")).sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
    const limit = set.spec?.revisionHistoryLimit ?? 10;
    for (const cr of nonLive.slice(0, Math.max(0, nonLive.length - limit))) {
      try {
        api.delete("controllerrevisions", cr.metadata.namespace, cr.metadata.name ?? "");
      } catch (err) {
        if ((err as { code?: number }).code !== 404) throw err;
      }
    }
  }

  // -------------------------------------------------------------------------------------------------
  // pods and claims

  function claimName(claim: any, set: KObject, ordinal: number): string {
    return `${claim.metadata?.name}-${set.metadata.name}-${ordinal}`;
  }

  function createClaims(set: KObject, ordinal: number, podName: string): void {
    for (const claim of (set.spec?.volumeClaimTemplates ?? []) as any[]) {
      const name = claimName(claim, set, ordinal);
      if (api.get("persistentvolumeclaims", set.metadata.namespace, name)) continue;
      const pvc: KObject = {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: {
          name,
          namespace: set.metadata.namespace,
          labels: { ...(claim.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
          ...(claim.metadata?.annotations ? { annotations: { ...claim.metadata.annotations } } : {}),
          // whenDeleted: Delete makes the set an owner, so the garbage collector removes the claim with it.
          ...(set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === "Delete"
            ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: set.metadata.name ?? "", uid: set.metadata.uid ?? "" }] }
            : {}),
        },
        spec: deepClone(claim.spec ?? {}),
      };
      try {
        // Binding the claim to a volume is the API layer's job (it stands in for a dynamic provisioner).
        api.create("persistentvolumeclaims", pvc);
        api.recordEvent(set, "Normal", "SuccessfulCreate", `create Claim ${name} Pod ${podName} in StatefulSet ${set.metadata.name} success`, COMPONENT);
      } catch (err) {
        if ((err as { reason?: string }).reason === "AlreadyExists") continue;
        api.recordEvent(set, "Warning", "FailedCreate", `create Claim ${name} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${(err as Error).message}`, COMPONENT);
        throw err;
      }
    }
  }

  /** whenScaled: Delete — the claims of a condemned pod get the pod as owner, so they go when it is gone. */
  function handClaimsToPod(set: KObject, ordinal: number, pod: KObject): void {
    for (const claim of (set.spec?.volumeClaimTemplates ?? []) as any[]) {
      const pvc = api.get("persistentvolumeclaims", set.metadata.namespace, claimName(claim, set, ordinal));
      if (!pvc || pvc.metadata.ownerReferences?.some((ref) => ref.uid === pod.metadata.uid)) continue;
      const ownerReferences = [...(pvc.metadata.ownerReferences ?? []), { apiVersion: "v1", kind: "Pod", name: pod.metadata.name ?? "", uid: pod.metadata.uid ?? "" }];
      try {
        api.update("persistentvolumeclaims", { ...pvc, metadata: { ...pvc.metadata, ownerReferences } });
      } catch (err) {
        if ((err as { code?: number }).code !== 404 && (err as { code?: number }).code !== 409) throw err;
      }
    }
  }

  function newPod(set: KObject, template: any, revisionName: string, ordinal: number): KObject {
    const name = `${set.metadata.name}-${ordinal}`;
    const pod = podFromTemplate(set, template, "");
    delete pod.metadata.generateName;
    pod.metadata.name = name;
    pod.metadata.labels = {
      ...(pod.metadata.labels ?? {}),
      [REVISION_LABEL]: revisionName,
      [POD_NAME_LABEL]: name,
      [POD_INDEX_LABEL]: String(ordinal),
    };
    pod.spec.hostname = name;
    if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
    const claims = (set.spec?.volumeClaimTemplates ?? []) as any[];
    if (claims.length) {
      const claimNames = new Set(claims.map((c) => c.metadata?.name));
      const volumes = ((pod.spec.volumes ?? []) as any[]).filter((v) => !claimNames.has(v.name));
      for (const claim of claims) volumes.push({ name: claim.metadata?.name, persistentVolumeClaim: { claimName: claimName(claim, set, ordinal) } });
      pod.spec.volumes = volumes;
    }
    return pod;
  }

  function createPod(set: KObject, ordinal: number, current: KObject, update: KObject): void {
    const strategy = set.spec?.updateStrategy ?? { type: "RollingUpdate" };
    const partition = strategy.rollingUpdate?.partition ?? 0;
    // Below the partition, pods keep the current revision (newVersionedStatefulSetPod).
    const useCurrent = (strategy.type ?? "RollingUpdate") === "RollingUpdate" && ordinal - startOrdinal(set) < partition;
    const revision = useCurrent ? current : update;
    const podName = `${set.metadata.name}-${ordinal}`;
    createClaims(set, ordinal, podName);
    try {
      api.create("pods", newPod(set, templateOf(revision), revision.metadata.name ?? "", ordinal));
      api.recordEvent(set, "Normal", "SuccessfulCreate", `create Pod ${podName} in StatefulSet ${set.metadata.name} successful`, COMPONENT);
    } catch (err) {
      if ((err as { reason?: string }).reason === "AlreadyExists") return;
      api.recordEvent(set, "Warning", "FailedCreate", `create Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${(err as Error).message}`, COMPONENT);
      throw err;
    }
  }

  function deletePod(set: KObject, pod: KObject): void {
    try {
      api.delete("pods", pod.metadata.namespace, pod.metadata.name ?? "");
      api.recordEvent(set, "Normal", "SuccessfulDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, COMPONENT);
    } catch (err) {
      if ((err as { code?: number }).code === 404) return;
      api.recordEvent(set, "Warning", "FailedDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(err as Error).message}`, COMPONENT);
      throw err;
    }
  }

  // -------------------------------------------------------------------------------------------------

  /** updateStatefulSet: at most one step per sync under OrderedReady; returns when it must wait. */
  function manage(set: KObject, current: KObject, update: KObject): void {
    const replicas = set.spec?.replicas ?? 1;
    // spec.ordinals.start shifts the names (<sts>-5, <sts>-6, …); partition counts positions from the start.
    const start = startOrdinal(set);
    const monotonic = (set.spec?.podManagementPolicy ?? "OrderedReady") !== "Parallel";
    const byOrdinal = new Map<number, KObject>();
    for (const pod of pods.owned(set.metadata.uid)) {
      const ordinal = ordinalOf(set, pod);
      if (ordinal >= 0) byOrdinal.set(ordinal, pod);
    }

    for (let ordinal = start; ordinal < start + replicas; ordinal++) {
      const pod = byOrdinal.get(ordinal);
      if (!pod) {
        createPod(set, ordinal, current, update);
        if (monotonic) return;
        continue;
      }
      if (isPodTerminal(pod) && !isTerminating(pod)) {
        // A failed or completed pod is replaced: deleted now, re-created by a later sync.
        deletePod(set, pod);
        if (monotonic) return;
        continue;
      }
      if (monotonic && !isHealthy(pod)) return;
    }

    const condemned = [...byOrdinal.entries()].filter(([ordinal]) => ordinal < start || ordinal >= start + replicas).sort((a, b) => b[0] - a[0]);
    for (const [ordinal, pod] of condemned) {
      if (isTerminating(pod)) {
        if (monotonic) return;
        continue;
      }
      if (set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled === "Delete") handClaimsToPod(set, ordinal, pod);
      deletePod(set, pod);
      if (monotonic) return;
    }

    const strategy = set.spec?.updateStrategy ?? { type: "RollingUpdate" };
    if ((strategy.type ?? "RollingUpdate") !== "RollingUpdate") return;
    const partition = strategy.rollingUpdate?.partition ?? 0;
    for (let ordinal = start + replicas - 1; ordinal >= start + partition; ordinal--) {
      const pod = byOrdinal.get(ordinal);
      if (!pod) return;
      if (pod.metadata.labels?.[REVISION_LABEL] !== update.metadata.name && !isTerminating(pod)) {
        deletePod(set, pod);
        return;
      }
      if (!isHealthy(pod)) return;
    }
  }

  function sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const set = api.get("statefulsets", namespace, name);
    if (!set) return;
    const owned = revisions.owned(set.metadata.uid);
    const { current, update, collisionCount } = getRevisions(set, owned);
    if (!set.metadata.deletionTimestamp) manage(set, current, update);
    updateStatus(key, set, current, update, collisionCount);
    truncateHistory(set, revisions.owned(set.metadata.uid), pods.owned(set.metadata.uid), api.get("controllerrevisions", namespace, current.metadata.name ?? "") ?? update, update);
    backoff.reset(key);
  }

  function updateStatus(key: string, set: KObject, current: KObject, update: KObject, collisionCount: number): void {
    const minReadySeconds = set.spec?.minReadySeconds ?? 0;
    const now = api.clock.now();
    const status: any = {
      observedGeneration: set.metadata.generation,
      replicas: 0,
      readyReplicas: 0,
      currentReplicas: 0,
      updatedReplicas: 0,
      currentRevision: current.metadata.name,
      updateRevision: update.metadata.name,
      collisionCount,
      availableReplicas: 0,
    };
    let nextAvailableAt: number | undefined;
    for (const pod of pods.owned(set.metadata.uid)) {
      if (ordinalOf(set, pod) < 0) continue;
      if (!isTerminating(pod)) {
        status.replicas++;
        const revision = pod.metadata.labels?.[REVISION_LABEL];
        if (revision === current.metadata.name) status.currentReplicas++;
        if (revision === update.metadata.name) status.updatedReplicas++;
      }
      if (isRunningAndReady(pod)) {
        status.readyReplicas++;
        if (isPodAvailable(pod, minReadySeconds, now)) status.availableReplicas++;
        else {
          const at = podAvailableAt(pod, minReadySeconds);
          if (at !== undefined && (nextAvailableAt === undefined || at < nextAvailableAt)) nextAvailableAt = at;
        }
      }
    }
    // completeRollingUpdate: once every pod is updated and ready the update revision becomes current.
    const type = set.spec?.updateStrategy?.type ?? "RollingUpdate";
    if (type === "RollingUpdate" && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas && status.replicas === (set.spec?.replicas ?? 1)) {
      status.currentReplicas = status.updatedReplicas;
      status.currentRevision = status.updateRevision;
    }
    // readyReplicas, currentReplicas and updatedReplicas are omitempty in the Go type.
    for (const field of ["readyReplicas", "currentReplicas", "updatedReplicas"]) if (!status[field]) delete status[field];
    if (status.observedGeneration === undefined) delete status.observedGeneration;
    if (set.status?.conditions) status.conditions = set.status.conditions;
    // Compared canonically: a write that changed nothing would wake this controller again, forever.
    if (canonicalJson(status) !== canonicalJson(set.status ?? {})) {
      api.update("statefulsets", { ...set, status }, { subresource: "status" });
    }
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
