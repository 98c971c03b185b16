// Test support only: a small in-memory ClusterApi and a manual clock, so the kubelet tests do not depend
// on the real API layer being written in parallel. It implements just what kubelets use: CRUD with
// resourceVersions, the status subresource, graceful pod deletion, synchronous subscriptions and events.

import { randomUUID } from "node:crypto";
import { StatusError } from "../core/types";
import type { ClusterApi, Clock, DeleteOptions, KObject, ListOptions, PatchType, ResourceInfo, WatchEvent, WriteOptions } from "../core/types";

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  every?: number;
  cancelled: boolean;
}

export interface ManualClock extends Clock {
  /** Runs every timer due within the next `ms`, in time order, then leaves the clock at now + ms. */
  advance(ms: number): void;
  pendingTimers(): number;
}

export function createManualClock(startMs = Date.UTC(2026, 10, 25, 9, 0, 0)): ManualClock {
  let now = startMs;
  let seq = 0;
  const timers: Timer[] = [];
  const add = (fn: () => void, ms: number, every?: number) => {
    const timer: Timer = { at: now + Math.max(0, ms), seq: seq++, fn, every, cancelled: false };
    timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  };
  return {
    now: () => now,
    setTimeout: (fn, ms) => add(fn, ms),
    setInterval: (fn, ms) => add(fn, Math.max(1, ms), Math.max(1, ms)),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next: Timer | undefined;
        for (const t of timers) if (!t.cancelled && t.at <= end && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
        if (!next) break;
        now = Math.max(now, next.at);
        if (next.every) {
          next.at += next.every;
          next.seq = seq++;
        } else next.cancelled = true;
        next.fn();
        for (let i = timers.length - 1; i >= 0; i--) if (timers[i].cancelled) timers.splice(i, 1);
      }
      now = end;
    },
    pendingTimers: () => timers.filter((t) => !t.cancelled).length,
  };
}

export interface RecordedEvent {
  kind: string;
  namespace?: string;
  name: string;
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  at: number;
}

export interface FakeClusterApi extends ClusterApi {
  readonly clock: ManualClock;
  readonly events: RecordedEvent[];
  /** Events about one object, oldest first. */
  eventsFor(name: string): RecordedEvent[];
}

const KINDS: Record<string, { kind: string; apiVersion: string; namespaced: boolean }> = {
  pods: { kind: "Pod", apiVersion: "v1", namespaced: true },
  nodes: { kind: "Node", apiVersion: "v1", namespaced: false },
  secrets: { kind: "Secret", apiVersion: "v1", namespaced: true },
  namespaces: { kind: "Namespace", apiVersion: "v1", namespaced: false },
  leases: { kind: "Lease", apiVersion: "coordination.k8s.io/v1", namespaced: true },
};

export function createFakeClusterApi(clock: ManualClock = createManualClock()): FakeClusterApi {
  const store = new Map<string, Map<string, KObject>>();
  const handlers = new Map<string, Set<(e: WatchEvent) => void>>();
  const events: RecordedEvent[] = [];
  let rv = 1;
  const table = (resource: string) => {
    let t = store.get(resource);
    if (!t) store.set(resource, (t = new Map()));
    return t;
  };
  const keyOf = (ns: string | undefined, name: string) => `${ns ?? ""}/${name}`;
  const clone = (o: KObject) => structuredClone(o);
  const emit = (resource: string, event: WatchEvent) => {
    for (const h of handlers.get(resource) ?? []) h({ ...event, object: clone(event.object) });
  };
  const notFound = (resource: string, name: string) => new StatusError(404, "NotFound", `${resource} "${name}" not found`);
  const stamp = () => new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");

  const api: FakeClusterApi = {
    clock,
    events,
    eventsFor: (name) => events.filter((e) => e.name === name),
    info(resource): ResourceInfo {
      const k = KINDS[resource] ?? { kind: resource, apiVersion: "v1", namespaced: true };
      const [group, version] = k.apiVersion.includes("/") ? k.apiVersion.split("/") : ["", k.apiVersion];
      return { group, version, resource, kind: k.kind, singular: k.kind.toLowerCase(), namespaced: k.namespaced, verbs: ["get", "list", "create", "update", "patch", "delete", "watch"] };
    },
    get(resource, namespace, name) {
      const o = table(resource).get(keyOf(namespace, name));
      return o ? clone(o) : undefined;
    },
    getOrThrow(resource, namespace, name) {
      const o = api.get(resource, namespace, name);
      if (!o) throw notFound(resource, name);
      return o;
    },
    list(resource, opts?: ListOptions) {
      return [...table(resource).values()].filter((o) => !opts?.namespace || o.metadata.namespace === opts.namespace).map(clone);
    },
    create(resource, obj) {
      const o = clone(obj);
      const k = KINDS[resource];
      if (k) {
        o.kind ??= k.kind;
        o.apiVersion ??= k.apiVersion;
      }
      const name = o.metadata.name ?? `${o.metadata.generateName ?? "obj-"}${Math.random().toString(36).slice(2, 7)}`;
      o.metadata.name = name;
      const key = keyOf(o.metadata.namespace, name);
      if (table(resource).has(key)) throw new StatusError(409, "AlreadyExists", `${resource} "${name}" already exists`);
      o.metadata.uid ??= randomUUID();
      o.metadata.creationTimestamp ??= stamp();
      o.metadata.resourceVersion = String(++rv);
      table(resource).set(key, o);
      emit(resource, { type: "ADDED", object: o });
      return clone(o);
    },
    update(resource, obj, opts?: WriteOptions) {
      const key = keyOf(obj.metadata.namespace, obj.metadata.name!);
      const old = table(resource).get(key);
      if (!old) throw notFound(resource, obj.metadata.name!);
      if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion)
        throw new StatusError(409, "Conflict", `Operation cannot be fulfilled on ${resource} "${obj.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`);
      const next = opts?.subresource === "status" ? { ...clone(old), status: clone(obj).status } : { ...clone(obj), status: clone(old).status, metadata: { ...clone(obj).metadata, uid: old.metadata.uid, creationTimestamp: old.metadata.creationTimestamp, deletionTimestamp: old.metadata.deletionTimestamp, deletionGracePeriodSeconds: old.metadata.deletionGracePeriodSeconds } };
      next.metadata.resourceVersion = String(++rv);
      table(resource).set(key, next);
      emit(resource, { type: "MODIFIED", object: next, old });
      return clone(next);
    },
    patch(resource, namespace, name, type: PatchType, patch: unknown, opts?: WriteOptions) {
      if (type !== "merge" && type !== "strategic") throw new StatusError(415, "UnsupportedMediaType", "fake supports merge patches only");
      const current = api.getOrThrow(resource, namespace, name);
      const merge = (target: any, p: any): any => {
        if (p === null || typeof p !== "object" || Array.isArray(p)) return p;
        const out = target && typeof target === "object" && !Array.isArray(target) ? { ...target } : {};
        for (const [k, v] of Object.entries(p)) {
          if (v === null) delete out[k];
          else out[k] = merge(out[k], v);
        }
        return out;
      };
      const merged = merge(current, patch) as KObject;
      merged.metadata.resourceVersion = "";
      return api.update(resource, merged, opts);
    },
    delete(resource, namespace, name, opts?: DeleteOptions & WriteOptions) {
      const key = keyOf(namespace, name);
      const old = table(resource).get(key);
      if (!old) throw notFound(resource, name);
      if (opts?.preconditions?.uid && opts.preconditions.uid !== old.metadata.uid)
        throw new StatusError(409, "Conflict", `Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${old.metadata.uid}`);
      const grace = opts?.gracePeriodSeconds ?? (resource === "pods" ? (old.spec?.terminationGracePeriodSeconds ?? 30) : 0);
      // Pods bound to a node terminate gracefully: the kubelet finishes the deletion with grace 0.
      if (resource === "pods" && grace > 0 && old.spec?.nodeName) {
        if (old.metadata.deletionTimestamp) return clone(old);
        const next = clone(old);
        next.metadata.deletionTimestamp = new Date(clock.now() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
        next.metadata.deletionGracePeriodSeconds = grace;
        next.metadata.resourceVersion = String(++rv);
        table(resource).set(key, next);
        emit(resource, { type: "MODIFIED", object: next, old });
        return clone(next);
      }
      table(resource).delete(key);
      emit(resource, { type: "DELETED", object: old, old });
      return undefined;
    },
    subscribe(resource, handler) {
      let set = handlers.get(resource);
      if (!set) handlers.set(resource, (set = new Set()));
      set.add(handler);
      return () => set!.delete(handler);
    },
    recordEvent(regarding, type, reason, message) {
      events.push({ kind: regarding.kind, namespace: regarding.metadata.namespace, name: regarding.metadata.name!, type, reason, message, at: clock.now() });
    },
  };
  return api;
}
