import { groupOf, RESOURCES, resourceByKind } from "../core/resources";
import { StatusError, type ClusterApi, type Controller, type KObject, type ObjectMeta, type OwnerReference, type WatchEvent } from "../core/types";
import { createKeyedWorkQueue } from "./keyed-work-queue";

// The garbage collector (pkg/controller/garbagecollector): `kubectl delete deploy web` deletes with
// propagationPolicy Background, so the ReplicaSets and then the pods only go away because this collects
// dependents whose owners are gone. Foreground deletion (`foregroundDeletion` finalizer) deletes the
// dependents first and lets the owner go when no blocking dependent remains; Orphan (`orphan` finalizer)
// strips the owner's references from its dependents and then lets it go.
//
// Dependents are indexed by owner uid from the in-process watch, so handling a deleted owner touches only
// its own dependents, not the 30,000 pods of the cluster.

const FOREGROUND = "foregroundDeletion";
const ORPHAN = "orphan";

// Events are numerous and never own or get owned; review resources are not stored.
const WATCHED = RESOURCES.filter((info) => info.resource !== "events" && info.verbs.includes("watch")).map((info) => info.resource);

interface Entry {
  uid: string;
  refs: OwnerReference[];
}

const objectKey = (resource: string, namespace: string | undefined, name: string) => `${resource}|${namespace ?? ""}|${name}`;

function parseKey(key: string): [string, string | undefined, string] {
  const [resource, namespace, name] = key.split("|");
  return [resource, namespace || undefined, name];
}

const keyOfObject = (resource: string, obj: KObject) => objectKey(resource, obj.metadata.namespace, obj.metadata.name ?? "");

function isMissing(err: unknown): boolean {
  return err instanceof StatusError && (err.code === 404 || err.code === 409);
}

export function startGarbageCollector(api: ClusterApi): Controller {
  const entries = new Map<string, Entry>();
  const dependentsByOwner = new Map<string, Set<string>>();
  /** Owners in foreground deletion whose dependents have already been asked to go, by uid → key. */
  const waitingOwners = new Map<string, string>();

  const queue = createKeyedWorkQueue(api.clock, (item) => {
    const [kind, key] = [item.slice(0, item.indexOf(":")), item.slice(item.indexOf(":") + 1)];
    if (kind === "dependent") syncDependent(key);
    else syncOwner(key);
  });

  function index(key: string, obj: KObject): boolean {
    const refs = obj.metadata.ownerReferences ?? [];
    const previous = entries.get(key);
    if (!previous && refs.length === 0) return false;
    const changed = !previous || previous.uid !== obj.metadata.uid || JSON.stringify(previous.refs) !== JSON.stringify(refs);
    if (!changed) return false;
    unindex(key);
    // Only dependents are indexed; an object without owners costs nothing here.
    if (refs.length === 0) return true;
    // Copied so a later in-place change to the stored object cannot rewrite what the index remembers.
    entries.set(key, { uid: obj.metadata.uid ?? "", refs: refs.map((ref) => ({ ...ref })) });
    for (const ref of refs) {
      let set = dependentsByOwner.get(ref.uid);
      if (!set) dependentsByOwner.set(ref.uid, (set = new Set()));
      set.add(key);
    }
    return true;
  }

  function unindex(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    for (const ref of entry.refs) {
      const set = dependentsByOwner.get(ref.uid);
      set?.delete(key);
      if (set?.size === 0) dependentsByOwner.delete(ref.uid);
    }
  }

  function wakeWaitingOwners(refs: OwnerReference[]) {
    for (const ref of refs) {
      const owner = waitingOwners.get(ref.uid);
      if (owner) queue.add("owner:" + owner);
    }
  }

  function observe(resource: string, event: WatchEvent) {
    const obj = event.object;
    const key = keyOfObject(resource, obj);
    if (event.type === "DELETED") {
      const entry = entries.get(key);
      if (entry) wakeWaitingOwners(entry.refs);
      unindex(key);
      const uid = obj.metadata.uid ?? "";
      waitingOwners.delete(uid);
      for (const dependent of dependentsByOwner.get(uid) ?? []) queue.add("dependent:" + dependent);
      return;
    }
    if (event.type !== "ADDED" && event.type !== "MODIFIED") return;
    const previousRefs = entries.get(key)?.refs ?? [];
    if (index(key, obj)) {
      if ((obj.metadata.ownerReferences ?? []).length > 0) queue.add("dependent:" + key);
      wakeWaitingOwners(previousRefs);
    }
    const finalizers = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp && (finalizers.includes(FOREGROUND) || finalizers.includes(ORPHAN))) queue.add("owner:" + key);
  }

  /** What became of each owner a dependent names: still there, gone (or replaced), or deleting in foreground. */
  function classify(obj: KObject) {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const info = resourceByKind(groupOf(ref.apiVersion ?? ""), ref.kind);
      if (!info) {
        // A kind the simulator does not serve cannot be checked; keep the dependent, as a cautious GC would.
        solid.push(ref);
        continue;
      }
      const owner = api.get(info.resource, info.namespaced ? obj.metadata.namespace : undefined, ref.name);
      if (!owner || owner.metadata.uid !== ref.uid) dangling.push(ref);
      else if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FOREGROUND)) waiting.push(ref);
      else solid.push(ref);
    }
    return { solid, dangling, waiting };
  }

  function syncDependent(key: string) {
    const [resource, namespace, name] = parseKey(key);
    const obj = api.get(resource, namespace, name);
    if (!obj || (obj.metadata.ownerReferences ?? []).length === 0) return;
    const { solid, dangling, waiting } = classify(obj);
    if (solid.length > 0) {
      // Another owner still holds it: only drop the references to owners that are gone or going.
      const drop = new Set([...dangling, ...waiting].map((ref) => ref.uid));
      if (drop.size > 0) removeOwnerReferences(resource, obj, drop);
      return;
    }
    if (obj.metadata.deletionTimestamp) return;
    const finalizers = obj.metadata.finalizers ?? [];
    const hasDependents = (dependentsByOwner.get(obj.metadata.uid ?? "")?.size ?? 0) > 0;
    // An owner waiting in foreground must also wait for this dependent's own dependents, so pass it on.
    const propagationPolicy =
      waiting.length > 0 && hasDependents ? "Foreground" : finalizers.includes(ORPHAN) ? "Orphan" : finalizers.includes(FOREGROUND) ? "Foreground" : "Background";
    try {
      api.delete(resource, namespace, name, { propagationPolicy, preconditions: { uid: obj.metadata.uid } });
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }

  function removeOwnerReferences(resource: string, obj: KObject, uids: Set<string>) {
    const refs = (obj.metadata.ownerReferences ?? []).filter((ref) => !uids.has(ref.uid));
    const metadata: ObjectMeta = { ...obj.metadata, ownerReferences: refs };
    if (refs.length === 0) delete metadata.ownerReferences;
    api.update(resource, { ...obj, metadata });
  }

  function removeFinalizer(resource: string, obj: KObject, finalizer: string) {
    const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    api.update(resource, { ...obj, metadata: { ...obj.metadata, finalizers } });
  }

  function syncOwner(key: string) {
    const [resource, namespace, name] = parseKey(key);
    const owner = api.get(resource, namespace, name);
    if (!owner?.metadata.deletionTimestamp) return;
    const uid = owner.metadata.uid ?? "";
    const finalizers = owner.metadata.finalizers ?? [];
    const dependents = [...(dependentsByOwner.get(uid) ?? [])];

    if (finalizers.includes(ORPHAN)) {
      for (const dependentKey of dependents) {
        const [depResource, depNamespace, depName] = parseKey(dependentKey);
        const dependent = api.get(depResource, depNamespace, depName);
        if (dependent?.metadata.ownerReferences?.some((ref) => ref.uid === uid)) removeOwnerReferences(depResource, dependent, new Set([uid]));
      }
      removeFinalizer(resource, owner, ORPHAN);
      return;
    }

    if (!finalizers.includes(FOREGROUND)) return;
    if (!waitingOwners.has(uid)) {
      waitingOwners.set(uid, key);
      for (const dependentKey of dependents) queue.add("dependent:" + dependentKey);
    }
    const blocking = dependents.some((dependentKey) => entries.get(dependentKey)?.refs.some((ref) => ref.uid === uid && ref.blockOwnerDeletion));
    if (!blocking) {
      waitingOwners.delete(uid);
      removeFinalizer(resource, owner, FOREGROUND);
    }
  }

  const unsubscribes = WATCHED.map((resource) => api.subscribe(resource, (event) => observe(resource, event)));
  for (const resource of WATCHED) {
    let objects: KObject[] = [];
    try {
      objects = api.list(resource);
    } catch {
      continue; // a resource the API layer does not serve (yet)
    }
    for (const obj of objects) observe(resource, { type: "ADDED", object: obj });
  }

  return {
    stop() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      queue.stop();
    },
  };
}
