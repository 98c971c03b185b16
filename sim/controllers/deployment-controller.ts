// The Deployment controller (pkg/controller/deployment): owns ReplicaSets named `<deploy>-<hash>`, rolls
// between them (RollingUpdate with maxSurge/maxUnavailable, or Recreate), scales them proportionally,
// numbers revisions the way `kubectl rollout history/undo` reads them, and writes the status and
// conditions `kubectl rollout status` waits on. The functions mirror the upstream ones by name so the
// behaviour can be checked against sync.go, rolling.go, recreate.go and progress.go.

import type { ClusterApi, Controller, KObject } from "../core/types";
import {
  Backoff,
  OwnerIndex,
  POD_TEMPLATE_HASH_LABEL,
  WorkQueue,
  byCreation,
  canonicalJson,
  claimObjects,
  labelSelectorMatches,
  OrphanIndex,
  controllerRefOf,
  deepClone,
  isPodTerminal,
  keyOf,
  newControllerRef,
  podTemplateHash,
  scaledValueFromIntOrPercent,
  splitKey,
  templatesEqual,
} from "./pod-template";

const COMPONENT = "deployment-controller";
const RESYNC_MS = 30_000;

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
const ROLLBACK_TO_ANNOTATION = "deprecated.deployment.rollback.to";
const MAX_REVISION_HISTORY_CHARS = 2000;

/** Annotations of the Deployment that are not copied onto its ReplicaSets (skipCopyAnnotation). */
const SKIPPED_ANNOTATIONS = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  ROLLBACK_TO_ANNOTATION,
]);

const MAX_INT32 = 2147483647;

type Condition = { type: string; status: string; lastUpdateTime: string; lastTransitionTime: string; reason: string; message: string };

// ---------------------------------------------------------------------------------------------------
// deployment_util.go

function replicasOf(obj: KObject | undefined): number {
  return obj?.spec?.replicas ?? (obj ? 1 : 0);
}

function isRollingUpdate(d: KObject): boolean {
  return (d.spec?.strategy?.type ?? "RollingUpdate") === "RollingUpdate";
}

/** ResolveFenceposts: maxSurge rounds up, maxUnavailable down; both zero would deadlock, so unavailable becomes 1. */
export function resolveFenceposts(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValueFromIntOrPercent(maxSurge ?? "25%", desired, true);
  let unavailable = scaledValueFromIntOrPercent(maxUnavailable ?? "25%", desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurgeOf(d: KObject): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicasOf(d)).surge;
}

export function maxUnavailableOf(d: KObject): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const { unavailable } = resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicasOf(d));
  return Math.min(unavailable, replicasOf(d));
}

function revisionOf(rs: KObject | undefined): number {
  const n = Number(rs?.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

function hasProgressDeadline(d: KObject): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== MAX_INT32;
}

function getCondition(status: any, type: string): Condition | undefined {
  return (status?.conditions as Condition[] | undefined)?.find((c) => c.type === type);
}

/** SetDeploymentCondition: no change at all when status and reason are the same; keeps lastTransitionTime when only the reason changes. */
function setCondition(status: any, condition: Condition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  if (current && current.status === condition.status) condition.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c: Condition) => c.type !== condition.type), condition];
}

function removeCondition(status: any, type: string): void {
  status.conditions = (status.conditions ?? []).filter((c: Condition) => c.type !== type);
}

function statusSum(rss: KObject[], field: string): number {
  return rss.reduce((n, rs) => n + (rs.status?.[field] ?? 0), 0);
}

function specSum(rss: KObject[]): number {
  return rss.reduce((n, rs) => n + replicasOf(rs), 0);
}

function deploymentComplete(d: KObject, status: any): boolean {
  const replicas = replicasOf(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

function deploymentProgressing(d: KObject, status: any): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** NewRSNewReplicas: how far the new ReplicaSet may grow within maxSurge. */
function newRSNewReplicas(d: KObject, allRSs: KObject[], newRS: KObject): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const maxSurge = maxSurgeOf(d);
  const current = specSum(allRSs);
  const maxTotal = replicasOf(d) + maxSurge;
  if (current >= maxTotal) return replicasOf(newRS);
  const scaleUp = Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
  return replicasOf(newRS) + scaleUp;
}

/** True when every field but the ones the controller owns matches: annotations the controller compares in SetReplicasAnnotations. */
function setReplicasAnnotations(rs: KObject, desired: number, max: number): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  let changed = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

/** SetNewReplicaSetAnnotations: copies the Deployment's annotations, sets the revision and, for a reused
 *  ReplicaSet, remembers its previous number in revision-history (what `kubectl rollout undo` relies on). */
function setNewReplicaSetAnnotations(d: KObject, rs: KObject, newRevision: number, exists: boolean): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIPPED_ANNOTATIONS.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  const oldRevision = annotations[REVISION_ANNOTATION];
  const oldRevisionInt = oldRevision ? Number(oldRevision) : 0;
  if (oldRevisionInt < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldRevision) {
      const history = annotations[REVISION_HISTORY_ANNOTATION];
      let parts = history ? history.split(",") : [];
      while (parts.length && parts.join(",").length + oldRevision.length + 1 > MAX_REVISION_HISTORY_CHARS) parts = parts.slice(1);
      parts.push(oldRevision);
      annotations[REVISION_HISTORY_ANNOTATION] = parts.join(",");
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurgeOf(d))) changed = true;
  return changed;
}

/** FindActiveOrLatest: the one ReplicaSet with pods, or the newest when none has pods; undefined when several do. */
function findActiveOrLatest(newRS: KObject | undefined, oldRSs: KObject[]): KObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const all = [...oldRSs, ...(newRS ? [newRS] : [])];
  const active = all.filter((rs) => replicasOf(rs) > 0);
  if (active.length === 0) return newRS ?? [...oldRSs].sort(byCreation).at(-1);
  if (active.length === 1) return active[0];
  return undefined;
}

function isSaturated(d: KObject, rs: KObject | undefined): boolean {
  if (!rs) return false;
  const desired = Number(rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION]);
  return replicasOf(rs) === replicasOf(d) && desired === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
}

// ---------------------------------------------------------------------------------------------------

export function startDeploymentController(api: ClusterApi): Controller {
  const replicaSets = new OwnerIndex();
  const orphanReplicaSets = new OrphanIndex();
  const pods = new OwnerIndex();
  const rsByUid = new Map<string, KObject>();
  const backoff = new Backoff(1000, 60_000);
  const queue = new WorkQueue(api.clock, (key) => syncDeployment(key), (key, err) => {
    if (!(err instanceof Error) || (err as { code?: number }).code === undefined) console.error(`deployment ${key}:`, err);
    queue.addAfter(key, backoff.next(key));
  });

  const now = () => api.clock.now();
  const timestamp = () => new Date(now()).toISOString().replace(/\.\d{3}Z$/, "Z");
  const condition = (type: string, status: string, reason: string, message: string): Condition => ({
    type,
    status,
    lastUpdateTime: timestamp(),
    lastTransitionTime: timestamp(),
    reason,
    message,
  });

  const enqueueOwnerOf = (rs: KObject | undefined) => {
    const ref = controllerRefOf(rs);
    if (ref?.kind === "Deployment" && rs) queue.add(`${rs.metadata.namespace}/${ref.name}`);
  };

  for (const rs of api.list("replicasets")) {
    replicaSets.apply({ type: "ADDED", object: rs });
    orphanReplicaSets.apply({ type: "ADDED", object: rs });
    rsByUid.set(rs.metadata.uid ?? "", rs);
  }
  for (const pod of api.list("pods")) pods.apply({ type: "ADDED", object: pod });
  const unsubscribers = [
    api.subscribe("deployments", (event) => queue.add(keyOf(event.object))),
    api.subscribe("replicasets", (event) => {
      replicaSets.apply(event);
      orphanReplicaSets.apply(event);
      if (event.type !== "DELETED" && !controllerRefOf(event.object) && !event.object.metadata.deletionTimestamp) {
        // An orphan ReplicaSet wakes the Deployments that select it, one of which adopts it.
        for (const d of api.list("deployments", { namespace: event.object.metadata.namespace })) {
          if (labelSelectorMatches(d.spec?.selector, event.object.metadata.labels)) queue.add(keyOf(d));
        }
      }
      if (event.type === "DELETED") rsByUid.delete(event.object.metadata.uid ?? "");
      else rsByUid.set(event.object.metadata.uid ?? "", event.object);
      enqueueOwnerOf(event.object);
      if (event.old && controllerRefOf(event.old)?.uid !== controllerRefOf(event.object)?.uid) enqueueOwnerOf(event.old);
    }),
    api.subscribe("pods", (event) => {
      pods.apply(event);
      // Only Recreate waits on pods (for the old ones to be gone); everything else reads ReplicaSet status.
      const gone = event.type === "DELETED" || (event.old && (isPodTerminal(event.object) !== isPodTerminal(event.old)));
      if (!gone) return;
      const rs = rsByUid.get(controllerRefOf(event.object)?.uid ?? "");
      enqueueOwnerOf(rs);
    }),
  ];
  for (const d of api.list("deployments")) queue.add(keyOf(d));
  const resync = api.clock.setInterval(() => {
    for (const d of api.list("deployments")) queue.add(keyOf(d));
  }, RESYNC_MS);

  // -------------------------------------------------------------------------------------------------
  // writes

  function updateRS(rs: KObject): KObject {
    const written = api.update("replicasets", rs);
    rsByUid.set(written.metadata.uid ?? "", written);
    return written;
  }

  function updateDeploymentStatus(d: KObject, status: any): KObject {
    const written = api.update("deployments", { ...d, status: compactStatus(status) }, { subresource: "status" });
    Object.assign(d, deepClone(written));
    return written;
  }

  /** The revision annotation lives in metadata, which a status write may not carry, so it is written on its own. */
  function setDeploymentRevision(d: KObject, revision: string): void {
    if (d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return;
    const stored = api.get("deployments", d.metadata.namespace, d.metadata.name ?? "");
    if (!stored || stored.metadata.uid !== d.metadata.uid) return;
    const fresh = deepClone(stored);
    fresh.metadata.annotations = { ...(fresh.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision };
    const written = api.update("deployments", fresh);
    d.metadata = deepClone(written.metadata);
  }

  function compactStatus(status: any): any {
    const out: any = {};
    for (const field of ["observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas"]) {
      if (status[field]) out[field] = status[field];
    }
    if (status.conditions?.length) out.conditions = status.conditions;
    if (status.collisionCount) out.collisionCount = status.collisionCount;
    return out;
  }

  /** scaleReplicaSetAndRecordEvent / scaleReplicaSet. Returns the RS as written. */
  function scaleReplicaSet(rs: KObject, newScale: number, d: KObject): KObject {
    const copy = deepClone(rs);
    const oldScale = replicasOf(rs);
    const sizeNeedsUpdate = oldScale !== newScale;
    const annotationsNeedUpdate = setReplicasAnnotations(copy, replicasOf(d), replicasOf(d) + maxSurgeOf(d));
    if (!sizeNeedsUpdate && !annotationsNeedUpdate) return rs;
    copy.spec = { ...copy.spec, replicas: newScale };
    const written = updateRS(copy);
    if (sizeNeedsUpdate) {
      const direction = newScale > oldScale ? "up" : "down";
      api.recordEvent(d, "Normal", "ScalingReplicaSet", `Scaled ${direction} replica set ${rs.metadata.name} to ${newScale} from ${oldScale}`, COMPONENT);
    }
    return written;
  }

  // -------------------------------------------------------------------------------------------------
  // sync.go

  function ownedReplicaSets(d: KObject): KObject[] {
    claimObjects(api, "replicasets", d, replicaSets.owned(d.metadata.uid), orphanReplicaSets.inNamespace(d.metadata.namespace));
    return replicaSets.owned(d.metadata.uid).sort(byCreation);
  }

  /** getAllReplicaSetsAndSyncRevision: the new RS (template equal, oldest first) and the others. */
  function getAllReplicaSets(d: KObject, createIfNotExisted: boolean): { newRS: KObject | undefined; oldRSs: KObject[] } {
    const rsList = ownedReplicaSets(d);
    const existing = rsList.find((rs) => templatesEqual(rs.spec?.template, d.spec?.template));
    const oldRSs = rsList.filter((rs) => rs !== existing);
    const newRS = getNewReplicaSet(d, existing, oldRSs, createIfNotExisted);
    return { newRS, oldRSs };
  }

  function getNewReplicaSet(d: KObject, existing: KObject | undefined, oldRSs: KObject[], createIfNotExisted: boolean): KObject | undefined {
    const maxOldRevision = oldRSs.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
    const newRevision = maxOldRevision + 1;
    if (existing) {
      const copy = deepClone(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
      const minReadyNeedsUpdate = (copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
      let rs = existing;
      if (annotationsUpdated || minReadyNeedsUpdate) {
        if (d.spec?.minReadySeconds) copy.spec.minReadySeconds = d.spec.minReadySeconds;
        else delete copy.spec.minReadySeconds;
        rs = updateRS(copy);
      }
      setDeploymentRevision(d, rs.metadata.annotations?.[REVISION_ANNOTATION] ?? String(newRevision));
      if (hasProgressDeadline(d) && !getCondition(d.status, "Progressing")) {
        const status = deepClone(d.status ?? {});
        setCondition(status, condition("Progressing", "True", "FoundNewReplicaSet", `Found new replica set "${rs.metadata.name}"`));
        updateDeploymentStatus(d, status);
      }
      return rs;
    }
    if (!createIfNotExisted) return undefined;

    const collisionCount = d.status?.collisionCount;
    const hash = podTemplateHash(d.spec?.template, collisionCount);
    const template = deepClone(d.spec?.template ?? {});
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
    const selector = deepClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const name = `${d.metadata.name}-${hash}`;
    const newRS: KObject = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name,
        namespace: d.metadata.namespace,
        labels: { ...template.metadata.labels },
        ownerReferences: [newControllerRef(d)],
      },
      spec: { replicas: 0, selector, template, ...(d.spec?.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}) },
    };
    newRS.spec.replicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
    setNewReplicaSetAnnotations(d, newRS, newRevision, false);
    let created: KObject;
    try {
      created = api.create("replicasets", newRS);
    } catch (err) {
      if ((err as { code?: number; reason?: string }).reason !== "AlreadyExists") throw err;
      const clash = api.get("replicasets", d.metadata.namespace, name);
      // Our own RS that the index had not seen yet: use it.
      if (clash && controllerRefOf(clash)?.uid === d.metadata.uid && templatesEqual(clash.spec?.template, d.spec?.template)) return clash;
      // A hash collision with a different template: bump collisionCount so the next hash differs.
      const status = deepClone(d.status ?? {});
      status.collisionCount = (status.collisionCount ?? 0) + 1;
      updateDeploymentStatus(d, status);
      throw err;
    }
    rsByUid.set(created.metadata.uid ?? "", created);
    if (replicasOf(created) > 0) {
      api.recordEvent(d, "Normal", "ScalingReplicaSet", `Scaled up replica set ${name} to ${replicasOf(created)}`, COMPONENT);
    }
    setDeploymentRevision(d, String(newRevision));
    if (hasProgressDeadline(d)) {
      const status = deepClone(d.status ?? {});
      setCondition(status, condition("Progressing", "True", "NewReplicaSetCreated", `Created new replica set "${name}"`));
      updateDeploymentStatus(d, status);
    }
    return created;
  }

  function calculateStatus(allRSs: KObject[], newRS: KObject | undefined, d: KObject): any {
    const available = statusSum(allRSs, "availableReplicas");
    const total = specSum(allRSs);
    const status: any = {
      observedGeneration: d.metadata.generation ?? 0,
      replicas: statusSum(allRSs, "replicas"),
      updatedReplicas: newRS ? newRS.status?.replicas ?? 0 : 0,
      readyReplicas: statusSum(allRSs, "readyReplicas"),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      collisionCount: d.status?.collisionCount,
      conditions: deepClone(d.status?.conditions ?? []),
    };
    if (available >= replicasOf(d) - maxUnavailableOf(d)) {
      setCondition(status, condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability."));
    } else {
      setCondition(status, condition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."));
    }
    return status;
  }

  function statusEqual(d: KObject, status: any): boolean {
    return canonicalJson(compactStatus(status)) === canonicalJson(compactStatus(d.status ?? {}));
  }

  function syncDeploymentStatus(allRSs: KObject[], newRS: KObject | undefined, d: KObject): void {
    const status = calculateStatus(allRSs, newRS, d);
    if (!statusEqual(d, status)) updateDeploymentStatus(d, status);
  }

  /** scale(): proportional scaling when replicas change while several ReplicaSets have pods. */
  function scale(d: KObject, newRS: KObject | undefined, oldRSs: KObject[]): void {
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (replicasOf(activeOrLatest) !== replicasOf(d)) scaleReplicaSet(activeOrLatest, replicasOf(d), d);
      return;
    }
    if (isSaturated(d, newRS)) {
      for (const old of oldRSs.filter((rs) => replicasOf(rs) > 0)) scaleReplicaSet(old, 0, d);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const allRSs = [...oldRSs, ...(newRS ? [newRS] : [])].filter((rs) => replicasOf(rs) > 0);
    const allowedSize = replicasOf(d) > 0 ? replicasOf(d) + maxSurgeOf(d) : 0;
    const toAdd = allowedSize - specSum(allRSs);
    // Scaling up favours the larger and then newer sets; scaling down the larger and then older ones.
    allRSs.sort((a, b) => replicasOf(b) - replicasOf(a) || (toAdd > 0 ? byCreation(b, a) : byCreation(a, b)));
    let added = 0;
    const sizes = new Map<KObject, number>();
    for (const rs of allRSs) {
      if (toAdd !== 0) {
        const proportion = getProportion(rs, d, toAdd, added);
        sizes.set(rs, replicasOf(rs) + proportion);
        added += proportion;
      } else sizes.set(rs, replicasOf(rs));
    }
    if (allRSs.length && toAdd !== added) {
      const first = allRSs[0];
      sizes.set(first, Math.max(0, (sizes.get(first) ?? 0) + toAdd - added));
    }
    for (const rs of allRSs) scaleReplicaSet(rs, sizes.get(rs) ?? replicasOf(rs), d);
  }

  function getProportion(rs: KObject, d: KObject, toAdd: number, added: number): number {
    if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
    const fraction = getReplicaSetFraction(rs, d);
    const allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  function getReplicaSetFraction(rs: KObject, d: KObject): number {
    if (replicasOf(d) === 0) return -replicasOf(rs);
    const deploymentReplicas = replicasOf(d) + maxSurgeOf(d);
    const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION]);
    const base = Number.isFinite(annotated) && annotated > 0 ? annotated : d.status?.replicas ?? 0;
    if (!base) return 0;
    return Math.round((replicasOf(rs) * deploymentReplicas) / base) - replicasOf(rs);
  }

  function isScalingEvent(d: KObject): boolean {
    const { newRS, oldRSs } = getAllReplicaSets(d, false);
    for (const rs of [...oldRSs, ...(newRS ? [newRS] : [])]) {
      if (replicasOf(rs) === 0) continue;
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
      if (desired !== undefined && Number(desired) !== replicasOf(d)) return true;
    }
    return false;
  }

  function cleanupDeployment(oldRSs: KObject[], d: KObject): void {
    const limit = d.spec?.revisionHistoryLimit ?? 10;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0) continue;
      if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        api.delete("replicasets", rs.metadata.namespace, rs.metadata.name ?? "");
      } catch (err) {
        if ((err as { code?: number }).code !== 404) throw err;
      }
    }
  }

  /** sync(): scaling and status only, for paused Deployments and scaling events. */
  function syncScaleOnly(d: KObject): void {
    const { newRS, oldRSs } = getAllReplicaSets(d, false);
    scale(d, newRS, oldRSs);
    const fresh = refresh(newRS, oldRSs);
    if (d.spec?.paused) cleanupDeployment(fresh.oldRSs, d);
    syncDeploymentStatus([...fresh.oldRSs, ...(fresh.newRS ? [fresh.newRS] : [])], fresh.newRS, d);
  }

  /** The latest state of the ReplicaSets after this sync's own writes. */
  function refresh(newRS: KObject | undefined, oldRSs: KObject[]): { newRS: KObject | undefined; oldRSs: KObject[] } {
    const latest = (rs: KObject) => rsByUid.get(rs.metadata.uid ?? "") ?? rs;
    return { newRS: newRS && latest(newRS), oldRSs: oldRSs.map(latest) };
  }

  /** checkPausedConditions. */
  function checkPausedConditions(d: KObject): void {
    if (!hasProgressDeadline(d)) return;
    const current = getCondition(d.status, "Progressing");
    if (current?.reason === "ProgressDeadlineExceeded") return;
    const pausedCondExists = current?.reason === "DeploymentPaused";
    const status = deepClone(d.status ?? {});
    if (d.spec?.paused && !pausedCondExists) {
      setCondition(status, condition("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused"));
    } else if (!d.spec?.paused && pausedCondExists) {
      setCondition(status, condition("Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed"));
    } else return;
    updateDeploymentStatus(d, status);
  }

  // -------------------------------------------------------------------------------------------------
  // progress.go

  function syncRolloutStatus(allRSs: KObject[], newRS: KObject | undefined, d: KObject): void {
    const status = calculateStatus(allRSs, newRS, d);
    if (hasProgressDeadline(d)) {
      const current = getCondition(d.status, "Progressing");
      const isCompleteDeployment = status.replicas === status.updatedReplicas && current?.reason === "NewReplicaSetAvailable";
      if (!isCompleteDeployment) {
        const rsName = newRS?.metadata.name;
        if (deploymentComplete(d, status)) {
          const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : "Deployment has successfully progressed.";
          setCondition(status, condition("Progressing", "True", "NewReplicaSetAvailable", msg));
        } else if (deploymentProgressing(d, status)) {
          const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : "Deployment is progressing.";
          const cond = condition("Progressing", "True", "ReplicaSetUpdated", msg);
          if (current?.status === "True") cond.lastTransitionTime = current.lastTransitionTime;
          removeCondition(status, "Progressing");
          setCondition(status, cond);
        } else if (deploymentTimedOut(d, status)) {
          const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
          setCondition(status, condition("Progressing", "False", "ProgressDeadlineExceeded", msg));
        }
      }
    }
    // ReplicaFailure is copied from the ReplicaSets (a quota refusal shows on the Deployment too).
    const failure = allRSs.map((rs) => getCondition(rs.status, "ReplicaFailure")).find((c) => c?.status === "True");
    if (failure) {
      setCondition(status, { type: "ReplicaFailure", status: failure.status, reason: failure.reason, message: failure.message, lastUpdateTime: timestamp(), lastTransitionTime: failure.lastTransitionTime ?? timestamp() });
    } else removeCondition(status, "ReplicaFailure");

    if (statusEqual(d, status)) {
      requeueStuckDeployment(d, status);
      return;
    }
    updateDeploymentStatus(d, status);
    requeueStuckDeployment(d, status);
  }

  function deploymentTimedOut(d: KObject, status: any): boolean {
    const cond = getCondition(status, "Progressing");
    if (!cond || cond.reason === "NewReplicaSetAvailable") return false;
    if (cond.reason === "ProgressDeadlineExceeded") return true;
    const from = Date.parse(cond.lastUpdateTime);
    return from + (d.spec.progressDeadlineSeconds as number) * 1000 < now();
  }

  /** Nothing else would wake a stuck rollout at its deadline, so schedule a sync for that moment. */
  function requeueStuckDeployment(d: KObject, status: any): void {
    if (!hasProgressDeadline(d)) return;
    const cond = getCondition(status, "Progressing");
    if (!cond || cond.reason === "NewReplicaSetAvailable" || cond.reason === "ProgressDeadlineExceeded") return;
    if (deploymentComplete(d, status)) return;
    const after = Date.parse(cond.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 - now();
    queue.addAfter(keyOf(d), after < 1000 ? 1000 : after + 1);
  }

  // -------------------------------------------------------------------------------------------------
  // rolling.go

  function rolloutRolling(d: KObject): void {
    let { newRS, oldRSs } = getAllReplicaSets(d, true);
    const all = () => [...oldRSs, ...(newRS ? [newRS] : [])];
    if (newRS) {
      const before = replicasOf(newRS);
      newRS = reconcileNewReplicaSet(all(), newRS, d);
      if (replicasOf(newRS) !== before) {
        return syncRolloutStatus(all(), newRS, d);
      }
    }
    const before = oldRSs.map(replicasOf).join(",");
    oldRSs = reconcileOldReplicaSets(all(), oldRSs, newRS, d);
    if (oldRSs.map(replicasOf).join(",") !== before) return syncRolloutStatus(all(), newRS, d);
    if (deploymentComplete(d, calculateStatus(all(), newRS, d))) cleanupDeployment(oldRSs, d);
    syncRolloutStatus(all(), newRS, d);
  }

  function reconcileNewReplicaSet(allRSs: KObject[], newRS: KObject, d: KObject): KObject {
    if (replicasOf(newRS) === replicasOf(d)) return newRS;
    if (replicasOf(newRS) > replicasOf(d)) return scaleReplicaSet(newRS, replicasOf(d), d);
    return scaleReplicaSet(newRS, newRSNewReplicas(d, allRSs, newRS), d);
  }

  function reconcileOldReplicaSets(allRSs: KObject[], oldRSs: KObject[], newRS: KObject | undefined, d: KObject): KObject[] {
    if (specSum(oldRSs) === 0) return oldRSs;
    const allPods = specSum(allRSs);
    const minAvailable = replicasOf(d) - maxUnavailableOf(d);
    const newRSUnavailable = newRS ? replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0) : 0;
    const maxScaledDown = allPods - minAvailable - newRSUnavailable;
    if (maxScaledDown <= 0) return oldRSs;
    const cleaned = cleanupUnhealthyReplicas(oldRSs, d, maxScaledDown);
    return scaleDownOldReplicaSetsForRollingUpdate([...cleaned, ...(newRS ? [newRS] : [])], cleaned, d);
  }

  /** Old pods that are not available go first: scaling them down costs no availability. */
  function cleanupUnhealthyReplicas(oldRSs: KObject[], d: KObject, maxCleanup: number): KObject[] {
    const sorted = [...oldRSs].sort(byCreation);
    let total = 0;
    const out: KObject[] = [];
    for (const rs of sorted) {
      if (total >= maxCleanup || replicasOf(rs) === 0 || replicasOf(rs) === (rs.status?.availableReplicas ?? 0)) {
        out.push(rs);
        continue;
      }
      const count = Math.min(maxCleanup - total, replicasOf(rs) - (rs.status?.availableReplicas ?? 0));
      out.push(scaleReplicaSet(rs, replicasOf(rs) - count, d));
      total += count;
    }
    return out;
  }

  function scaleDownOldReplicaSetsForRollingUpdate(allRSs: KObject[], oldRSs: KObject[], d: KObject): KObject[] {
    const minAvailable = replicasOf(d) - maxUnavailableOf(d);
    const available = statusSum(allRSs, "availableReplicas");
    if (available <= minAvailable) return oldRSs;
    const totalScaleDown = available - minAvailable;
    let scaled = 0;
    return [...oldRSs].sort(byCreation).map((rs) => {
      if (scaled >= totalScaleDown || replicasOf(rs) === 0) return rs;
      const count = Math.min(replicasOf(rs), totalScaleDown - scaled);
      scaled += count;
      return scaleReplicaSet(rs, replicasOf(rs) - count, d);
    });
  }

  // -------------------------------------------------------------------------------------------------
  // recreate.go

  function rolloutRecreate(d: KObject): void {
    let { newRS, oldRSs } = getAllReplicaSets(d, false);
    const all = () => [...oldRSs, ...(newRS ? [newRS] : [])];
    const active = oldRSs.filter((rs) => replicasOf(rs) > 0);
    if (active.length) {
      oldRSs = oldRSs.map((rs) => (replicasOf(rs) > 0 ? scaleReplicaSet(rs, 0, d) : rs));
      return syncRolloutStatus(all(), newRS, d);
    }
    if (oldPodsRunning(newRS, oldRSs)) return syncRolloutStatus(all(), newRS, d);
    if (!newRS) ({ newRS, oldRSs } = getAllReplicaSets(d, true));
    if (newRS && replicasOf(newRS) !== replicasOf(d)) newRS = scaleReplicaSet(newRS, replicasOf(d), d);
    if (deploymentComplete(d, calculateStatus(all(), newRS, d))) cleanupDeployment(oldRSs, d);
    syncRolloutStatus(all(), newRS, d);
  }

  function oldPodsRunning(newRS: KObject | undefined, oldRSs: KObject[]): boolean {
    if (statusSum(oldRSs, "replicas") > 0) return true;
    for (const rs of oldRSs) {
      if (newRS && rs.metadata.uid === newRS.metadata.uid) continue;
      if (pods.owned(rs.metadata.uid).some((pod) => !isPodTerminal(pod))) return true;
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------------

  function syncDeployment(key: string): void {
    const { namespace, name } = splitKey(key);
    const stored = api.get("deployments", namespace, name);
    if (!stored) return;
    // A private copy: the sync keeps it current with its own writes, and what the API returns is read-only.
    const d = deepClone(stored);
    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = getAllReplicaSets(d, false);
      syncDeploymentStatus([...oldRSs, ...(newRS ? [newRS] : [])], newRS, d);
      return;
    }
    checkPausedConditions(d);
    if (d.spec?.paused) syncScaleOnly(d);
    else if (isScalingEvent(d)) syncScaleOnly(d);
    else if (d.spec?.strategy?.type === "Recreate") rolloutRecreate(d);
    else rolloutRolling(d);
    backoff.reset(key);
  }

  return {
    stop() {
      queue.stop();
      resync.cancel();
      for (const u of unsubscribers) u();
    },
  };
}
