// Test support only: an in-memory ClusterApi implementing the deletion mechanics the garbage collector,
// namespace, service-account and endpoints controllers rely on, as the real API layer does them:
// propagationPolicy Foreground/Orphan add the `foregroundDeletion`/`orphan` finalizer, an object with
// finalizers only gets a deletionTimestamp, removing its last finalizer removes it, and a namespace is
// Terminating until its `kubernetes` spec finalizer is removed through the `finalize` subresource.

import { resourceInfo } from "../core/resources";
import { parseLabelSelector } from "../core/selectors";
import { StatusError, type Clock, type ClusterApi, type DeleteOptions, type KObject, type ListOptions, type PatchType, type WatchEvent, type WriteOptions } from "../core/types";
import { applyPatch } from "../patch/apply-patch";

export interface FakeLifecycleClusterApi extends ClusterApi {
  /** Every write call, for assertions such as "deleted with Foreground". */
  readonly calls: { verb: string; resource: string; namespace?: string; name: string; opts?: unknown }[];
  readonly events: { reason: string; message: string; name?: string }[];
  /** Number of subscribed handlers, to check controllers unsubscribe on stop. */
  subscriberCount(): number;
}

/** A clock frozen at a fixed instant whose timers fire only when the test calls `advance`. */
export function createSteppedClock(start = Date.parse("2026-01-01T00:00:00Z")): Clock & { advance(ms: number): void } {
  let now = start;
  let timers: { at: number; fn: () => void; every?: number; cancelled: boolean }[] = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer = { at: now + ms, fn, cancelled: false };
      timers.push(timer);
      return { cancel: () => void (timer.cancelled = true) };
    },
    setInterval(fn, ms) {
      const timer = { at: now + ms, fn, every: Math.max(1, ms), cancelled: false };
      timers.push(timer);
      return { cancel: () => void (timer.cancelled = true) };
    },
    advance(ms) {
      const target = now + ms;
      for (;;) {
        timers = timers.filter((t) => !t.cancelled);
        const due = timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        now = due.at;
        if (due.every) due.at += due.every;
        else due.cancelled = true;
        due.fn();
      }
      now = target;
    },
  };
}

const key = (namespace: string | undefined, name: string) => `${namespace ?? ""}/${name}`;

export function createFakeLifecycleClusterApi(clock: Clock = createSteppedClock()): FakeLifecycleClusterApi {
  const tables = new Map<string, Map<string, KObject>>();
  const handlers = new Map<string, Set<(event: WatchEvent) => void>>();
  const calls: FakeLifecycleClusterApi["calls"] = [];
  const events: FakeLifecycleClusterApi["events"] = [];
  let revision = 1;
  let uid = 1;

  const table = (resource: string) => {
    let t = tables.get(resource);
    if (!t) tables.set(resource, (t = new Map()));
    return t;
  };
  const emit = (resource: string, event: WatchEvent) => {
    for (const handler of [...(handlers.get(resource) ?? [])]) handler(structuredClone(event));
  };
  const stamp = () => new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
  const notFound = (resource: string, name: string) => new StatusError(404, "NotFound", `${resource} "${name}" not found`, { name, kind: resource });

  function isFinished(resource: string, obj: KObject): boolean {
    if (!obj.metadata.deletionTimestamp || (obj.metadata.finalizers ?? []).length > 0) return false;
    return resource !== "namespaces" || (obj.spec?.finalizers ?? []).length === 0;
  }

  /** Stores a changed object, removing it instead when it is deleted and has no finalizers left. */
  function commit(resource: string, old: KObject, next: KObject): KObject | undefined {
    const k = key(next.metadata.namespace, next.metadata.name ?? "");
    next.metadata.resourceVersion = String(++revision);
    if (isFinished(resource, next)) {
      table(resource).delete(k);
      emit(resource, { type: "DELETED", object: next, old });
      return undefined;
    }
    table(resource).set(k, next);
    emit(resource, { type: "MODIFIED", object: next, old });
    return structuredClone(next);
  }

  const api: FakeLifecycleClusterApi = {
    clock,
    calls,
    events,
    subscriberCount: () => [...handlers.values()].reduce((n, set) => n + set.size, 0),
    info: resourceInfo,
    get(resource, namespace, name) {
      const obj = table(resource).get(key(resourceInfo(resource).namespaced ? namespace : undefined, name));
      return obj && structuredClone(obj);
    },
    getOrThrow(resource, namespace, name) {
      const obj = api.get(resource, namespace, name);
      if (!obj) throw notFound(resource, name);
      return obj;
    },
    list(resource, opts: ListOptions = {}) {
      const selector = parseLabelSelector(opts.labelSelector);
      return [...table(resource).values()]
        .filter((obj) => (!opts.namespace || obj.metadata.namespace === opts.namespace) && selector.matches(obj.metadata.labels))
        .map((obj) => structuredClone(obj));
    },
    create(resource, input, opts?: WriteOptions) {
      const info = resourceInfo(resource);
      const obj = structuredClone(input);
      obj.apiVersion ??= info.group ? `${info.group}/${info.version}` : info.version;
      obj.kind ??= info.kind;
      if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = obj.metadata.generateName + String(uid);
      const name = obj.metadata.name ?? "";
      if (!info.namespaced) delete obj.metadata.namespace;
      const namespace = obj.metadata.namespace;
      if (info.namespaced) {
        const ns = table("namespaces").get(key(undefined, namespace ?? ""));
        if (ns?.metadata.deletionTimestamp) {
          throw new StatusError(403, "Forbidden", `${resource} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`);
        }
      }
      if (table(resource).has(key(namespace, name))) throw new StatusError(409, "AlreadyExists", `${resource} "${name}" already exists`);
      calls.push({ verb: "create", resource, namespace, name, opts });
      obj.metadata.uid = `uid-${uid++}`;
      obj.metadata.resourceVersion = String(++revision);
      obj.metadata.creationTimestamp = stamp();
      if (resource === "namespaces") {
        obj.spec = { finalizers: ["kubernetes"], ...obj.spec };
        obj.status = { phase: "Active" };
      }
      table(resource).set(key(namespace, name), obj);
      emit(resource, { type: "ADDED", object: obj });
      return structuredClone(obj);
    },
    update(resource, input, opts?: WriteOptions) {
      const namespace = resourceInfo(resource).namespaced ? input.metadata.namespace : undefined;
      const name = input.metadata.name ?? "";
      const old = table(resource).get(key(namespace, name));
      if (!old) throw notFound(resource, name);
      if (input.metadata.resourceVersion && input.metadata.resourceVersion !== old.metadata.resourceVersion) {
        throw new StatusError(409, "Conflict", `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
      }
      calls.push({ verb: "update", resource, namespace, name, opts });
      let next = structuredClone(input);
      if ((opts?.subresource as string) === "finalize") {
        next = { ...structuredClone(old), spec: { ...old.spec, finalizers: input.spec?.finalizers ?? [] } };
      } else if (resource === "namespaces") {
        next.spec = structuredClone(old.spec);
      }
      // Only deletion sets deletionTimestamp; writes can neither set nor clear it.
      next.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
      if (next.metadata.deletionTimestamp === undefined) delete next.metadata.deletionTimestamp;
      next.metadata.uid = old.metadata.uid;
      next.metadata.creationTimestamp = old.metadata.creationTimestamp;
      return commit(resource, old, next) ?? next;
    },
    patch(resource, namespace, name, type: PatchType, patch, opts?: WriteOptions) {
      const current = api.getOrThrow(resource, namespace, name);
      const patched = applyPatch(current.kind, current, type, patch);
      calls.push({ verb: "patch", resource, namespace, name, opts: { type, patch } });
      return api.update(resource, { ...patched, metadata: { ...patched.metadata, resourceVersion: "" } }, opts);
    },
    delete(resource, namespace, name, opts: DeleteOptions & WriteOptions = {}) {
      const info = resourceInfo(resource);
      const k = key(info.namespaced ? namespace : undefined, name);
      const old = table(resource).get(k);
      if (!old) throw notFound(resource, name);
      if (opts.preconditions?.uid && opts.preconditions.uid !== old.metadata.uid) {
        throw new StatusError(409, "Conflict", `Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${old.metadata.uid}`);
      }
      calls.push({ verb: "delete", resource, namespace, name, opts });
      const next = structuredClone(old);
      const finalizers = new Set(next.metadata.finalizers ?? []);
      if (opts.propagationPolicy === "Foreground") finalizers.add("foregroundDeletion");
      if (opts.propagationPolicy === "Orphan") finalizers.add("orphan");
      if (finalizers.size > 0) next.metadata.finalizers = [...finalizers];
      next.metadata.deletionTimestamp ??= stamp();
      if (resource === "namespaces") next.status = { ...next.status, phase: "Terminating" };
      return commit(resource, old, next);
    },
    subscribe(resource, handler) {
      let set = handlers.get(resource);
      if (!set) handlers.set(resource, (set = new Set()));
      set.add(handler);
      return () => void set!.delete(handler);
    },
    recordEvent(regarding, _type, reason, message) {
      events.push({ reason, message, name: regarding.metadata.name });
    },
  };
  return api;
}
