// Test support only: an in-memory ClusterApi with a manual clock and a fake kubelet, so the controller
// and scheduler tests do not depend on the real API layer being finished. It implements just enough of
// the real registry: uid, resourceVersion (409 on a stale one), generation bumps on spec changes, the
// status subresource, generateName, the pods/binding subresource and synchronous subscribe handlers.

import { StatusError, type Clock, type ClusterApi, type KObject, type ListOptions, type PatchType, type ResourceInfo, type WatchEvent, type WriteOptions } from "../core/types";
import { deepClone, isPodReady, keyOf, objectKey, randomSuffix } from "./pod-template";

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  every?: number;
  cancelled: boolean;
}

/** A clock that only moves when the test says so; timers fire in order as time is advanced. */
export class ManualClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private seq = 0;

  constructor(start = Date.parse("2026-01-01T00:00:00Z")) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  setInterval(fn: () => void, ms: number): { cancel(): void } {
    const every = Math.max(1, ms);
    const timer: Timer = { at: this.current + every, seq: this.seq++, fn, every, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way (including ones they add). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let guard = 0; ; guard++) {
      if (guard > 5_000_000) throw new Error("ManualClock: timers keep rescheduling themselves");
      this.timers = this.timers.filter((t) => !t.cancelled);
      let next: Timer | undefined;
      for (const t of this.timers) if (t.at <= target && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      if (!next) break;
      this.current = Math.max(this.current, next.at);
      if (next.every) {
        next.at += next.every;
        next.seq = this.seq++;
      } else next.cancelled = true;
      next.fn();
    }
    this.current = target;
  }
}

export interface RecordedEvent {
  kind: string;
  namespace?: string;
  name: string;
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  component: string;
}

const CLUSTER_SCOPED = new Set(["nodes", "namespaces", "persistentvolumes"]);
const KINDS: Record<string, [string, string]> = {
  pods: ["v1", "Pod"],
  nodes: ["v1", "Node"],
  persistentvolumeclaims: ["v1", "PersistentVolumeClaim"],
  deployments: ["apps/v1", "Deployment"],
  replicasets: ["apps/v1", "ReplicaSet"],
  statefulsets: ["apps/v1", "StatefulSet"],
  controllerrevisions: ["apps/v1", "ControllerRevision"],
};

/** The real API hands out its stored objects, which callers must not mutate; freezing them here makes any
 *  controller that mutates what it read fail its tests (ESM code is strict, so a write to a frozen object throws). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const out = target && typeof target === "object" && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function labelsMatch(selector: string | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const [k, v] = term.split("=");
    return (labels ?? {})[k] === v;
  });
}

export class FakeClusterApi implements ClusterApi {
  readonly clock: ManualClock;
  readonly events: RecordedEvent[] = [];
  /** Return an error to refuse a create, as admission (e.g. a ResourceQuota) would. */
  refuseCreate: ((resource: string, obj: KObject) => StatusError | undefined) | undefined;
  /** Count of calls per verb and resource, e.g. `writes["create pods"]`. */
  readonly writes: Record<string, number> = {};
  /** Pods deleted with a grace period keep a deletionTimestamp until the fake kubelet removes them. */
  gracefulPodDeletion = false;
  private readonly store = new Map<string, Map<string, KObject>>();
  private readonly handlers = new Map<string, Set<(event: WatchEvent) => void>>();
  private rv = 1;
  private uid = 1;

  constructor(clock = new ManualClock()) {
    this.clock = clock;
  }

  private table(resource: string): Map<string, KObject> {
    let t = this.store.get(resource);
    if (!t) this.store.set(resource, (t = new Map()));
    return t;
  }

  private emit(resource: string, event: WatchEvent): void {
    deepFreeze(event.object);
    if (event.old) deepFreeze(event.old);
    for (const handler of [...(this.handlers.get(resource) ?? [])]) handler(event);
  }

  private count(verb: string, resource: string): void {
    const k = `${verb} ${resource}`;
    this.writes[k] = (this.writes[k] ?? 0) + 1;
  }

  info(resource: string): ResourceInfo {
    const [apiVersion, kind] = KINDS[resource] ?? ["v1", resource];
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    return { group, version, resource, kind, singular: kind.toLowerCase(), namespaced: !CLUSTER_SCOPED.has(resource), verbs: [] };
  }

  get(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    return this.table(resource).get(objectKey(CLUSTER_SCOPED.has(resource) ? undefined : namespace, name));
  }

  getOrThrow(resource: string, namespace: string | undefined, name: string): KObject {
    const obj = this.get(resource, namespace, name);
    if (!obj) throw new StatusError(404, "NotFound", `${resource} "${name}" not found`);
    return obj;
  }

  list(resource: string, opts: ListOptions = {}): KObject[] {
    return [...this.table(resource).values()]
      .filter((o) => (opts.namespace === undefined || o.metadata.namespace === opts.namespace) && labelsMatch(opts.labelSelector, o.metadata.labels));
  }

  create(resource: string, input: KObject, opts: WriteOptions = {}): KObject {
    if (opts.subresource === "binding") return this.bind(input);
    const obj = deepClone(input);
    const [apiVersion, kind] = KINDS[resource] ?? [obj.apiVersion, obj.kind];
    obj.apiVersion ??= apiVersion;
    obj.kind ??= kind;
    const meta = obj.metadata;
    // Like the real API server (and sim/core/api.ts), a generated name that is taken is drawn again rather than
    // refused with AlreadyExists: 1,200 pods from one prefix collide in 5 random characters about once in 20 runs.
    if (!meta.name && meta.generateName) {
      const namespace = CLUSTER_SCOPED.has(resource) ? undefined : meta.namespace;
      do meta.name = meta.generateName + randomSuffix();
      while (this.table(resource).has(objectKey(namespace, meta.name)));
    }
    // Admission sees the generated name, so a quota refusal names the pod as the real one does.
    const refusal = this.refuseCreate?.(resource, obj);
    if (refusal) throw refusal;
    if (CLUSTER_SCOPED.has(resource)) delete meta.namespace;
    const key = keyOf(obj);
    if (this.table(resource).has(key)) throw new StatusError(409, "AlreadyExists", `${resource} "${meta.name}" already exists`);
    meta.uid = `uid-${this.uid++}`;
    meta.resourceVersion = String(++this.rv);
    meta.creationTimestamp = rfc3339(this.clock.now());
    if (resource !== "pods" && obj.spec !== undefined) meta.generation = 1;
    if (resource === "pods") obj.status = { phase: "Pending", ...(obj.status ?? {}) };
    this.table(resource).set(key, obj);
    this.count("create", resource);
    this.emit(resource, { type: "ADDED", object: obj });
    return obj;
  }

  private bind(binding: KObject): KObject {
    const pod = deepClone(this.getOrThrow("pods", binding.metadata.namespace, binding.metadata.name ?? ""));
    if (pod.spec.nodeName) throw new StatusError(409, "Conflict", `pod ${pod.metadata.name} is already assigned to node "${pod.spec.nodeName}"`);
    pod.spec.nodeName = binding.target.name;
    const conditions = (pod.status.conditions ?? []).filter((c: any) => c.type !== "PodScheduled");
    conditions.push({ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: rfc3339(this.clock.now()) });
    pod.status.conditions = conditions;
    this.count("bind", "pods");
    this.write("pods", pod, true);
    return { apiVersion: "v1", kind: "Status", metadata: {}, status: "Success", code: 201 } as KObject;
  }

  /** Commits `obj` over the stored one (spec and status both), bypassing checks. */
  private write(resource: string, obj: KObject, keepRv = false): KObject {
    const key = keyOf(obj);
    const old = this.table(resource).get(key);
    if (!old) throw new StatusError(404, "NotFound", `${resource} "${obj.metadata.name}" not found`);
    if (!keepRv && obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion)
      throw new StatusError(409, "Conflict", `Operation cannot be fulfilled on ${resource} "${obj.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`);
    const next = deepClone(obj);
    next.metadata.uid = old.metadata.uid;
    next.metadata.creationTimestamp = old.metadata.creationTimestamp;
    next.metadata.deletionTimestamp ??= old.metadata.deletionTimestamp;
    next.metadata.generation = old.metadata.generation;
    if (old.metadata.generation !== undefined && JSON.stringify(old.spec) !== JSON.stringify(next.spec)) next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    // A write that changes nothing commits nothing and wakes no watcher, as in the real API.
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (JSON.stringify(next) === JSON.stringify(old)) return old;
    next.metadata.resourceVersion = String(++this.rv);
    this.table(resource).set(key, next);
    this.emit(resource, { type: "MODIFIED", object: next, old });
    return next;
  }

  update(resource: string, obj: KObject, opts: WriteOptions = {}): KObject {
    const old = this.table(resource).get(keyOf(obj));
    if (!old) throw new StatusError(404, "NotFound", `${resource} "${obj.metadata.name}" not found`);
    this.count(opts.subresource === "status" ? "updateStatus" : "update", resource);
    const next =
      opts.subresource === "status"
        ? { ...deepClone(old), status: deepClone(obj.status), metadata: { ...deepClone(old.metadata), resourceVersion: obj.metadata.resourceVersion } }
        : { ...deepClone(obj), status: deepClone(old.status) };
    if (next.status === undefined) delete next.status;
    return this.write(resource, next);
  }

  patch(resource: string, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts: WriteOptions = {}): KObject {
    if (type !== "merge") throw new StatusError(415, "UnsupportedMediaType", `the fake only supports merge patches`);
    const current = deepClone(this.getOrThrow(resource, namespace, name));
    const merged = mergePatch(current, patch);
    merged.metadata.resourceVersion = current.metadata.resourceVersion;
    return this.update(resource, merged, opts);
  }

  delete(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    const key = objectKey(CLUSTER_SCOPED.has(resource) ? undefined : namespace, name);
    const old = this.table(resource).get(key);
    if (!old) throw new StatusError(404, "NotFound", `${resource} "${name}" not found`);
    this.count("delete", resource);
    if (resource === "pods" && this.gracefulPodDeletion) {
      if (old.metadata.deletionTimestamp) return old;
      const next = deepClone(old);
      next.metadata.deletionTimestamp = rfc3339(this.clock.now() + 30_000);
      next.metadata.deletionGracePeriodSeconds = 30;
      return this.write(resource, next, true);
    }
    this.table(resource).delete(key);
    const gone = { ...deepClone(old), metadata: { ...deepClone(old.metadata), resourceVersion: String(++this.rv) } };
    this.emit(resource, { type: "DELETED", object: gone, old });
    return undefined;
  }

  /** Removes a gracefully deleted pod for good (what the kubelet's final delete does). */
  finalizeDelete(resource: string, namespace: string | undefined, name: string): void {
    const key = objectKey(namespace, name);
    const old = this.table(resource).get(key);
    if (!old) return;
    this.table(resource).delete(key);
    this.emit(resource, { type: "DELETED", object: { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } }, old });
  }

  subscribe(resource: string, handler: (event: WatchEvent) => void): () => void {
    let set = this.handlers.get(resource);
    if (!set) this.handlers.set(resource, (set = new Set()));
    set.add(handler);
    return () => set!.delete(handler);
  }

  recordEvent(regarding: KObject, type: "Normal" | "Warning", reason: string, message: string, component: string): void {
    this.events.push({ kind: regarding.kind, namespace: regarding.metadata.namespace, name: regarding.metadata.name ?? "", type, reason, message, component });
  }

  /** A copy of the stored object for a test to change and write back (stored objects are frozen). */
  edit(resource: string, namespace: string | undefined, name: string, change: (obj: KObject) => void): KObject {
    const copy = deepClone(this.getOrThrow(resource, namespace, name));
    change(copy);
    return this.update(resource, copy);
  }

  /** Writes a status directly, as a kubelet's status update would. */
  setStatus(resource: string, obj: KObject, status: any): KObject {
    const current = this.getOrThrow(resource, obj.metadata.namespace, obj.metadata.name ?? "");
    return this.update(resource, { ...current, status }, { subresource: "status" });
  }
}

export interface FakeKubeletOptions {
  /** Simulated ms from the pod appearing (or being bound) to Running and Ready. */
  readyAfterMs?: number;
  /** Only start pods that have a nodeName (i.e. the scheduler bound them). */
  requireNode?: boolean;
  /** Simulated ms a gracefully deleted pod takes to go away. */
  terminateAfterMs?: number;
  /** Pods for which this returns true start Running but never become Ready. */
  neverReady?: (pod: KObject) => boolean;
}

/** Marks pods Running and Ready after a delay and finishes graceful deletions, like a kubelet. */
export function startFakeKubelet(api: FakeClusterApi, options: FakeKubeletOptions = {}): { stop(): void } {
  const readyAfter = options.readyAfterMs ?? 1000;
  const terminateAfter = options.terminateAfterMs ?? 1000;
  const starting = new Set<string>();
  const stopping = new Set<string>();
  const unsubscribe = api.subscribe("pods", (event) => {
    if (event.type === "DELETED") return;
    const pod = event.object;
    const key = keyOf(pod);
    if (pod.metadata.deletionTimestamp) {
      if (stopping.has(key)) return;
      stopping.add(key);
      api.clock.setTimeout(() => {
        stopping.delete(key);
        api.finalizeDelete("pods", pod.metadata.namespace, pod.metadata.name ?? "");
      }, terminateAfter);
      return;
    }
    if (options.requireNode && !pod.spec?.nodeName) return;
    if (pod.status?.phase === "Running" || starting.has(key)) return;
    starting.add(key);
    api.clock.setTimeout(() => {
      starting.delete(key);
      const current = api.get("pods", pod.metadata.namespace, pod.metadata.name ?? "");
      if (!current || current.metadata.uid !== pod.metadata.uid || current.metadata.deletionTimestamp || isPodReady(current)) return;
      const now = rfc3339(api.clock.now());
      const ready = options.neverReady?.(current) ? "False" : "True";
      const scheduled = (current.status?.conditions ?? []).filter((c: any) => c.type === "PodScheduled");
      api.setStatus("pods", current, {
        ...current.status,
        phase: "Running",
        startTime: now,
        conditions: [...scheduled, { type: "Ready", status: ready, lastProbeTime: null, lastTransitionTime: now }],
      });
    }, readyAfter);
  });
  return { stop: unsubscribe };
}
