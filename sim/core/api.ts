import { randomUUID } from "node:crypto";
import { applyPatch } from "../patch/apply-patch";
import { applyLimitRangeDefaults, limitRangeViolation } from "./admission-limit-range";
import { admitPodSecurity } from "./admission-pod-security";
import { admitResourceQuota, computeQuotaUsed, quotaCovers } from "./admission-resource-quota";
import { rfc3339 } from "./clock";
import { applyDefaults, podQosClass, type DefaultingContext } from "./defaults";
import { apiVersionOf, groupOf, qualifiedResource, resourceByKind, resourceInfo } from "./resources";
import { parseFieldSelector, parseLabelSelector, selectorFromSpec, selectorToString, type FieldSelector, type LabelSelector } from "./selectors";
import { ObjectStore, type StoreChange } from "./store";
import { checkQuantities, invalidError, validateObject, validateUpdate } from "./validation";
import {
  StatusError,
  type Clock,
  type DeleteOptions,
  type KObject,
  type ListOptions,
  type ListPage,
  type ListPageOptions,
  type PatchType,
  type ResourceInfo,
  type ServedClusterApi,
  type WatchEvent,
  type WatchHandle,
  type WatchOptions,
  type WriteOptions,
} from "./types";

// The API layer (kube-apiserver's "registry"): every write of the simulator — users through the HTTP server,
// controllers, scheduler and kubelets in-process — goes through here, so defaulting, validation, admission,
// generation, finalizers and graceful deletion apply to all of them alike.
//
// Objects returned by get/list/create/update are the stored objects themselves and must be treated as read-only:
// every write builds a new object (copy on write), so handing them out is safe as long as callers do not mutate
// them, and a 30,000-pod list costs no copies.

export interface ClusterApiOptions {
  clock: Clock;
  initial?: { resourceVersion: string; objects: KObject[] };
  /** Changes kept per resource for watch resume (default 10,000). */
  historyLimit?: number;
  /** Simulated milliseconds between BOOKMARK events on watches that allow them (default 60 s). */
  bookmarkIntervalMs?: number;
  /** Source of randomness for generated names and service addresses (tests pass a seeded one). */
  random?: () => number;
  /** Simulated milliseconds an event lives after its last occurrence, as kube-apiserver's --event-ttl (default 1 h; 0 keeps them). */
  eventTtlMs?: number;
}

// utilrand.String's alphabet: no vowels (no accidental words) and no 0/1/3 (no confusion with letters).
const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];
const UNDELETABLE_NAMESPACES = new Set(["default", "kube-system", "kube-public"]);
/** Kinds whose registry strategy maintains metadata.generation (pods since 1.33's pod generation tracking);
 *  services, claims and the rest have a spec but no generation, as on a real server. */
const WITH_GENERATION = new Set(["deployments", "replicasets", "statefulsets", "networkpolicies", "pods"]);
const KEY_SEPARATOR = "\u0000"; // sorts before every name character, so key order equals (namespace, name) order

function clone<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(clone) as T;
  const out: Record<string, unknown> = {};
  for (const key in value as Record<string, unknown>) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = clone(v);
  }
  return out as T;
}

/** Structural equality of JSON values; undefined members count as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k in ao) if (ao[k] !== undefined && !deepEqual(ao[k], bo[k])) return false;
  for (const k in bo) if (bo[k] !== undefined && ao[k] === undefined) return false;
  return true;
}

function objectKey(obj: KObject): string {
  return `${obj.metadata.namespace ?? ""}${KEY_SEPARATOR}${obj.metadata.name}`;
}

/** The autoscaling/v1 Scale view of a deployment, replica set or stateful set (the `scale` subresource). */
export function toScale(obj: KObject): KObject {
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: selectorToString(selectorFromSpec(obj.spec?.selector)) },
  };
}

function notFound(info: ResourceInfo, name: string): StatusError {
  return new StatusError(404, "NotFound", `${qualifiedResource(info)} "${name}" not found`, { name, group: info.group, kind: info.resource });
}

function conflict(info: ResourceInfo, name: string, why: string): StatusError {
  return new StatusError(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": ${why}`, {
    name,
    group: info.group,
    kind: info.resource,
  });
}

const STALE = "the object has been modified; please apply your changes to the latest version and try again";

const CONTINUE_EXPIRED =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

interface Watcher {
  resource: string;
  namespace?: string;
  label: LabelSelector;
  field: FieldSelector;
  onEvent: (event: WatchEvent) => void;
  stopped: boolean;
  bookmarkTimer?: { cancel(): void };
}

interface WatcherIndex {
  all: Set<Watcher>;
  byNamespace: Map<string, Set<Watcher>>;
}

// A module function rather than a closure made on every delivery: deliver runs once per watcher per change.
function watcherMatches(w: Watcher, o: KObject | undefined): boolean {
  return o !== undefined && (w.namespace === undefined || o.metadata.namespace === w.namespace) && w.label.matches(o.metadata.labels) && w.field.matches(o);
}

function encodeContinue(rv: number, key: string): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv, start: key })).toString("base64url");
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (parsed.v !== "meta.k8s.io/v1" || typeof parsed.rv !== "number" || typeof parsed.start !== "string") throw new Error("bad");
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    throw new StatusError(400, "BadRequest", `continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)`);
  }
}

class ClusterApiImpl implements ServedClusterApi {
  readonly clock: Clock;
  private readonly store: ObjectStore;
  private readonly random: () => number;
  private readonly bookmarkIntervalMs: number;
  private readonly subscribers = new Map<string, Set<(event: WatchEvent) => void>>();
  private readonly watchers = new Map<string, WatcherIndex>();
  private readonly dropListeners = new Set<() => void>();
  private readonly usedClusterIPs = new Set<string>();
  private readonly usedNodePorts = new Set<number>();
  /** Aggregation key (regarding + reason + message …) → event name, as the client-go recorder's cache. */
  private readonly eventNames = new Map<string, string>();
  private eventCounter = 0;
  /** Pods by spec.nodeName: every kubelet lists `spec.nodeName=<node>`, which must not scan 30,000 pods. */
  private readonly podsByNode = new Map<string, Map<string, KObject>>();

  constructor(options: ClusterApiOptions) {
    this.clock = options.clock;
    this.random = options.random ?? Math.random;
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 60_000;
    this.store = new ObjectStore({ historyLimit: options.historyLimit });
    if (options.initial) this.store.load(clone(options.initial));
    for (const svc of this.store.list("services")) this.trackServiceAllocations(svc);
    for (const pod of this.store.list("pods")) this.indexPod(undefined, pod);
    this.store.onCommit((change) => {
      if (change.resource === "pods") this.indexPod(change.old, change.type === "DELETED" ? undefined : change.object);
    });
    this.store.onChange((change) => this.dispatch(change));
    this.bootstrap();
    const ttl = options.eventTtlMs ?? 3_600_000;
    // Events expire like etcd leases on them do; without it a busy cluster's events would grow without bound.
    // Checked every minute rather than every ten, so the events of a burst (six per pod: 180,000 for 30,000 pods)
    // expire a minute's worth at a time instead of all in one pass that stalls every request and watch.
    if (ttl > 0) this.clock.setInterval(() => this.expireEvents(ttl), Math.min(ttl, 60_000));
  }

  private expireEvents(ttlMs: number): void {
    const cutoff = this.clock.now() - ttlMs;
    for (const event of this.store.unorderedList("events")) {
      const last = Date.parse(event.lastTimestamp ?? event.metadata.creationTimestamp ?? "");
      if (last < cutoff) this.store.remove("events", event.metadata.namespace, event.metadata.name!);
    }
  }

  /** What kube-apiserver creates itself at start: the system namespaces and the `kubernetes` service. */
  private bootstrap(): void {
    for (const name of SYSTEM_NAMESPACES) {
      if (!this.store.get("namespaces", undefined, name)) this.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    }
    if (!this.store.get("services", "default", "kubernetes")) {
      this.create("services", {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" } },
        spec: { clusterIP: "10.96.0.1", ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }] },
      });
    }
  }

  // --- reads ------------------------------------------------------------------------------------------------

  info(resource: string): ResourceInfo {
    return resourceInfo(resource);
  }

  private ns(info: ResourceInfo, namespace: string | undefined): string | undefined {
    return info.namespaced ? namespace || "default" : undefined;
  }

  get(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    const info = resourceInfo(resource);
    return this.store.get(resource, this.ns(info, namespace), name);
  }

  getOrThrow(resource: string, namespace: string | undefined, name: string): KObject {
    const info = resourceInfo(resource);
    const obj = this.store.get(resource, this.ns(info, namespace), name);
    if (!obj) throw notFound(info, name);
    return obj;
  }

  list(resource: string, opts: ListOptions = {}): KObject[] {
    const info = resourceInfo(resource);
    const label = parseLabelSelector(opts.labelSelector);
    const field = parseFieldSelector(resource, opts.fieldSelector);
    const namespace = info.namespaced ? opts.namespace || field.namespace : undefined;
    let items: KObject[];
    const node = resource === "pods" ? field.pinned?.["spec.nodeName"] : undefined;
    if (field.name !== undefined && (namespace !== undefined || !info.namespaced)) {
      const one = this.store.get(resource, namespace, field.name);
      items = one ? [one] : [];
    } else if (node) {
      const keys = [...(this.podsByNode.get(node)?.keys() ?? [])].sort();
      items = keys.map((k) => this.podsByNode.get(node)!.get(k)!).filter((p) => namespace === undefined || p.metadata.namespace === namespace);
    } else items = this.store.list(resource, namespace);
    if (label.empty && field.empty) return items;
    return items.filter((o) => label.matches(o.metadata.labels) && field.matches(o));
  }

  listPage(resource: string, opts: ListPageOptions = {}): ListPage {
    const info = resourceInfo(resource);
    const label = parseLabelSelector(opts.labelSelector);
    const field = parseFieldSelector(resource, opts.fieldSelector);
    const namespace = info.namespaced ? opts.namespace || undefined : undefined;
    let rv = this.store.currentRv();
    let start: string | undefined;
    if (opts.continue) ({ rv, start } = decodeContinue(opts.continue));

    let items = this.store.list(resource, namespace);
    if (rv !== this.store.currentRv()) items = this.itemsAt(resource, namespace, rv, items);
    let from = 0;
    if (start !== undefined) {
      let lo = 0;
      let hi = items.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (objectKey(items[mid]) <= start) lo = mid + 1;
        else hi = mid;
      }
      from = lo;
    }
    const filtering = !label.empty || !field.empty;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const page: KObject[] = [];
    let i = from;
    for (; i < items.length && page.length < limit; i++) {
      const o = items[i];
      if (!filtering || (label.matches(o.metadata.labels) && field.matches(o))) page.push(o);
    }
    // With a filter, "more" means another matching item exists; look ahead for one so the last page has no token.
    let more = false;
    if (i < items.length) {
      if (!filtering) more = true;
      else for (let j = i; j < items.length && !more; j++) more = label.matches(items[j].metadata.labels) && field.matches(items[j]);
    }
    const result: ListPage = { items: page, resourceVersion: String(rv) };
    if (more && page.length) {
      result.continue = encodeContinue(rv, objectKey(page[page.length - 1]));
      if (!filtering) result.remainingItemCount = items.length - i;
    }
    return result;
  }

  /** The sorted contents of `resource` as they were at `rv`, undoing the later changes from history. */
  private itemsAt(resource: string, namespace: string | undefined, rv: number, current: KObject[]): KObject[] {
    let changes: StoreChange[];
    try {
      changes = this.store.changesSince(resource, rv);
    } catch (err) {
      if (err instanceof StatusError && err.code === 410) throw new StatusError(410, "Expired", CONTINUE_EXPIRED);
      throw err;
    }
    const before = new Map<string, KObject | null>();
    for (const change of changes) {
      const obj = change.object;
      if (namespace !== undefined && obj.metadata.namespace !== namespace) continue;
      const key = objectKey(obj);
      if (!before.has(key)) before.set(key, change.type === "ADDED" ? null : (change.old ?? null));
    }
    if (!before.size) return current;
    const out = current.filter((o) => !before.has(objectKey(o)));
    for (const obj of before.values()) if (obj) out.push(obj);
    return out.sort((a, b) => {
      const ka = objectKey(a);
      const kb = objectKey(b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  }

  currentResourceVersion(): string {
    return this.store.currentResourceVersion();
  }

  // --- create -----------------------------------------------------------------------------------------------

  create(resource: string, input: KObject, opts: WriteOptions = {}): KObject {
    const info = resourceInfo(resource);
    if (opts.subresource === "binding") return this.bind(input);
    if (opts.subresource === "eviction") return this.evict(input, opts);
    if (resource === "selfsubjectaccessreviews" || resource === "subjectaccessreviews") {
      // Authorization is the HTTP server's (it knows RBAC); answered here only so in-process callers get a shape.
      return { ...clone(input), apiVersion: apiVersionOf(info), kind: info.kind, status: { allowed: true } };
    }
    const obj = clone(input);
    obj.apiVersion = apiVersionOf(info);
    obj.kind = info.kind;
    const meta = (obj.metadata = obj.metadata ?? {});
    delete meta.managedFields;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (info.namespaced) meta.namespace = meta.namespace || "default";
    else delete meta.namespace;
    const namespace = meta.namespace;

    if (info.namespaced) this.admitNamespaceLifecycle(info, namespace!, meta.name ?? meta.generateName ?? "");
    if (!meta.name && meta.generateName) meta.name = this.generateName(resource, namespace, meta.generateName);
    meta.uid = randomUUID();
    meta.creationTimestamp = rfc3339(this.clock);
    const hadSpec = obj.spec !== undefined;

    checkQuantities(info, obj);
    applyDefaults(resource, obj, this.defaultingContext(obj));
    if (resource === "persistentvolumeclaims" && obj.spec && !obj.spec.storageClassName) obj.spec.storageClassName = "standard";
    const limitRanges = resource === "pods" ? this.store.list("limitranges", namespace) : [];
    // LimitRanger's mutating half runs before validation, as mutating admission does in kube-apiserver.
    if (limitRanges.length) applyLimitRangeDefaults(obj, limitRanges);
    this.resetStatusOnCreate(info, obj);
    if (hadSpec && WITH_GENERATION.has(resource)) meta.generation = 1;
    else delete meta.generation;

    const errors = validateObject(info, obj);
    if (errors.length) throw invalidError(info, meta.name ?? "", errors);
    if (resource === "services") this.checkRequestedAllocations(info, obj);

    if (resource === "pods") {
      const violation = limitRanges.length ? limitRangeViolation(obj, limitRanges) : undefined;
      if (violation) throw new StatusError(403, "Forbidden", `pods "${meta.name}" is forbidden: ${violation}`, { name: meta.name, kind: "pods" });
      if (obj.status) obj.status.qosClass = podQosClass(obj);
      admitPodSecurity(this.store.get("namespaces", undefined, namespace!), obj);
    }
    if (info.namespaced) {
      const quotas = this.store.list("resourcequotas", namespace).filter((q) => quotaCovers(q, resource));
      if (quotas.length) admitResourceQuota(info, obj, quotas, (r, n) => this.store.list(r, n));
    }
    if (this.store.get(resource, namespace, meta.name!)) {
      throw new StatusError(409, "AlreadyExists", `${qualifiedResource(info)} "${meta.name}" already exists`, {
        name: meta.name,
        group: info.group,
        kind: info.resource,
      });
    }
    if (opts.dryRun) return obj;

    const stored = this.store.create(resource, obj);
    this.afterCreate(info, stored);
    return this.store.get(resource, namespace, stored.metadata.name!) ?? stored;
  }

  private admitNamespaceLifecycle(info: ResourceInfo, namespace: string, name: string): void {
    const ns = this.store.get("namespaces", undefined, namespace);
    if (!ns) throw new StatusError(404, "NotFound", `namespaces "${namespace}" not found`, { name: namespace, kind: "namespaces" });
    if (ns.status?.phase === "Terminating" && info.resource !== "events") {
      throw new StatusError(
        403,
        "Forbidden",
        `${qualifiedResource(info)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        { name, group: info.group, kind: info.resource },
      );
    }
  }

  private generateName(resource: string, namespace: string | undefined, prefix: string): string {
    // Like names.SimpleNameGenerator: the prefix is cut so the result stays within 63 characters.
    const base = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
    for (let attempt = 0; attempt < 16; attempt++) {
      let suffix = "";
      for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(this.random() * NAME_ALPHABET.length)];
      const name = base + suffix;
      if (!this.store.get(resource, namespace, name)) return name;
    }
    return base + randomUUID().slice(0, 5);
  }

  /** Each registry strategy's PrepareForCreate resets status: users cannot create objects with a status. */
  private resetStatusOnCreate(info: ResourceInfo, obj: KObject): void {
    switch (info.resource) {
      case "pods":
        obj.status = { phase: "Pending", qosClass: podQosClass(obj) };
        return;
      case "namespaces":
        obj.status = { phase: "Active" };
        return;
      case "services":
        obj.status = { loadBalancer: {} };
        return;
      case "persistentvolumeclaims":
      case "persistentvolumes":
        obj.status = { phase: "Pending" };
        return;
      case "deployments":
      case "replicasets":
      case "statefulsets":
        obj.status = {};
        return;
      case "resourcequotas":
        obj.status = { hard: clone(obj.spec?.hard ?? {}), used: {} };
        return;
    }
  }

  private afterCreate(info: ResourceInfo, obj: KObject): void {
    const namespace = obj.metadata.namespace;
    switch (info.resource) {
      case "namespaces":
        this.populateNamespace(obj.metadata.name!);
        break;
      case "services":
        this.trackServiceAllocations(obj);
        break;
      case "resourcequotas":
        this.refreshQuotas(namespace!);
        break;
      case "persistentvolumeclaims":
        this.bindClaim(obj);
        break;
    }
    if (namespace) this.refreshQuotas(namespace, info.resource);
  }

  /** What the root-CA publisher controller puts in every new namespace (the `default` ServiceAccount is
   *  controllers/service-account-controller's). */
  private populateNamespace(namespace: string): void {
    this.insert("configmaps", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "kube-root-ca.crt", namespace, annotations: { "kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." } },
      data: { "ca.crt": "-----BEGIN CERTIFICATE-----\nMIIBsimulatedapiaryclusterca\n-----END CERTIFICATE-----\n" },
    });
  }

  /** Stores a system-made object without admission (the controllers that make these run as system:masters). */
  private insert(resource: string, obj: KObject): KObject | undefined {
    if (this.store.get(resource, obj.metadata.namespace, obj.metadata.name!)) return undefined;
    obj.metadata.uid = randomUUID();
    obj.metadata.creationTimestamp = rfc3339(this.clock);
    return this.store.create(resource, obj);
  }

  /**
   * Binds a new claim at once to a PersistentVolume made for it, as a dynamic provisioner with
   * volumeBindingMode Immediate would, so StatefulSet pods never wait on storage in the simulator.
   */
  private bindClaim(pvc: KObject): void {
    if (pvc.spec?.volumeName) return;
    const pvName = `pvc-${pvc.metadata.uid}`;
    const storage = pvc.spec?.resources?.requests?.storage ?? "1Gi";
    const accessModes = pvc.spec?.accessModes ?? ["ReadWriteOnce"];
    const now = rfc3339(this.clock);
    this.insert("persistentvolumes", {
      apiVersion: "v1",
      kind: "PersistentVolume",
      // No pv-protection / pvc-protection finalizers: no controller here would ever remove them, and a claim
      // that cannot be deleted would hang every namespace deletion.
      metadata: { name: pvName, annotations: { "pv.kubernetes.io/provisioned-by": "rancher.io/local-path" } },
      spec: {
        accessModes,
        capacity: { storage },
        claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", name: pvc.metadata.name, namespace: pvc.metadata.namespace, uid: pvc.metadata.uid, resourceVersion: pvc.metadata.resourceVersion },
        hostPath: { path: `/var/local-path-provisioner/${pvName}_${pvc.metadata.namespace}_${pvc.metadata.name}`, type: "DirectoryOrCreate" },
        persistentVolumeReclaimPolicy: "Delete",
        storageClassName: pvc.spec?.storageClassName ?? "standard",
        volumeMode: pvc.spec?.volumeMode ?? "Filesystem",
      },
      status: { phase: "Bound", lastPhaseTransitionTime: now },
    });
    this.store.update("persistentvolumeclaims", {
      ...pvc,
      metadata: {
        ...pvc.metadata,
        annotations: { ...(pvc.metadata.annotations ?? {}), "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes" },
      },
      spec: { ...pvc.spec, volumeName: pvName },
      status: { phase: "Bound", accessModes, capacity: { storage } },
    });
  }

  // --- service address allocation ------------------------------------------------------------------------------

  private defaultingContext(obj: KObject): DefaultingContext {
    const takenHere = new Set<number>((obj.spec?.ports ?? []).map((p: any) => p?.nodePort).filter((p: unknown) => typeof p === "number"));
    return {
      allocateClusterIP: () => {
        // 10.96.0.0/12 minus the first ten addresses (10.96.0.1 is the kubernetes service, .10 is DNS by convention).
        for (let attempt = 0; attempt < 1000; attempt++) {
          const offset = 11 + Math.floor(this.random() * ((1 << 20) - 12));
          const ip = `10.${96 + (offset >> 16)}.${(offset >> 8) & 255}.${offset & 255}`;
          if (!this.usedClusterIPs.has(ip)) return ip;
        }
        throw new StatusError(500, "InternalError", "Internal error occurred: failed to allocate a serviceIP: range is full");
      },
      allocateNodePort: () => {
        for (let attempt = 0; attempt < 10_000; attempt++) {
          const port = 30000 + Math.floor(this.random() * 2768);
          if (!this.usedNodePorts.has(port) && !takenHere.has(port)) {
            takenHere.add(port);
            return port;
          }
        }
        throw new StatusError(500, "InternalError", "Internal error occurred: failed to allocate a nodePort: range is full");
      },
    };
  }

  private checkRequestedAllocations(info: ResourceInfo, svc: KObject, old?: KObject): void {
    const ip = svc.spec?.clusterIP;
    if (ip && ip !== "None" && ip !== old?.spec?.clusterIP && this.usedClusterIPs.has(ip)) {
      throw invalidError(info, svc.metadata.name!, [
        { type: "Invalid", field: "spec.clusterIPs", value: [ip], detail: `failed to allocate IP ${ip}: provided IP is already allocated` },
      ]);
    }
    const oldPorts = new Set((old?.spec?.ports ?? []).map((p: any) => p?.nodePort));
    (svc.spec?.ports ?? []).forEach((p: any, i: number) => {
      if (p?.nodePort && !oldPorts.has(p.nodePort) && this.usedNodePorts.has(p.nodePort)) {
        throw invalidError(info, svc.metadata.name!, [
          { type: "Invalid", field: `spec.ports[${i}].nodePort`, value: p.nodePort, detail: "provided port is already allocated" },
        ]);
      }
    });
  }

  private trackServiceAllocations(svc: KObject): void {
    for (const ip of svc.spec?.clusterIPs ?? [svc.spec?.clusterIP]) if (ip && ip !== "None") this.usedClusterIPs.add(ip);
    for (const p of svc.spec?.ports ?? []) if (p?.nodePort) this.usedNodePorts.add(p.nodePort);
  }

  private releaseServiceAllocations(svc: KObject): void {
    for (const ip of svc.spec?.clusterIPs ?? [svc.spec?.clusterIP]) this.usedClusterIPs.delete(ip);
    for (const p of svc.spec?.ports ?? []) if (p?.nodePort) this.usedNodePorts.delete(p.nodePort);
  }

  // --- quota bookkeeping -------------------------------------------------------------------------------------

  /** Recomputes status.used of the quotas in `namespace` (those covering `resource` when given), which is what
   *  the quota controller keeps current. */
  private refreshQuotas(namespace: string, resource?: string): void {
    for (const quota of this.store.list("resourcequotas", namespace)) {
      if (resource && !quotaCovers(quota, resource)) continue;
      const status = { hard: clone(quota.spec?.hard ?? {}), used: computeQuotaUsed(quota, (r, n) => this.store.list(r, n)) };
      if (deepEqual(quota.status, status)) continue;
      this.store.update("resourcequotas", { ...quota, metadata: { ...quota.metadata }, status });
    }
  }

  // --- update -----------------------------------------------------------------------------------------------

  update(resource: string, input: KObject, opts: WriteOptions = {}): KObject {
    const info = resourceInfo(resource);
    const name = input?.metadata?.name;
    if (!name) throw new StatusError(400, "BadRequest", "name is required for update");
    if (opts.subresource === "binding") return this.bind(input);
    if (opts.subresource === "eviction") return this.evict(input, opts);
    const namespace = this.ns(info, input.metadata.namespace);
    const old = this.store.get(resource, namespace, name);
    if (!old) throw notFound(info, name);
    const rv = input.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw conflict(info, name, STALE);

    const sub = opts.subresource;
    if (sub === "scale") return this.updateScale(info, old, input, opts);
    if (sub === "status" && !info.subresources?.includes("status")) throw new StatusError(404, "NotFound", "the server could not find the requested resource");

    let next: KObject;
    if (sub === "status") {
      // Only .status is taken from the body; spec and metadata stay as stored.
      next = { ...old, metadata: { ...old.metadata }, status: clone(input.status) };
      if (next.status === undefined) delete next.status;
    } else if (sub === "finalize") {
      if (resource !== "namespaces") throw new StatusError(404, "NotFound", "the server could not find the requested resource");
      next = { ...old, metadata: { ...old.metadata }, spec: { ...(old.spec ?? {}), finalizers: [...(input.spec?.finalizers ?? [])] } };
    } else {
      next = this.prepareUpdate(info, old, input);
    }

    if (deepEqual(withoutRv(next), withoutRv(old))) return old; // a no-op write commits nothing, as etcd's GuaranteedUpdate
    if (opts.dryRun) return next;
    if (this.shouldDeleteDuringUpdate(info, next, old)) {
      this.removeObject(info, next);
      return { ...next, metadata: { ...next.metadata } };
    }
    const stored = this.store.update(resource, next);
    this.afterUpdate(info, stored, old);
    return stored;
  }

  private prepareUpdate(info: ResourceInfo, old: KObject, input: KObject): KObject {
    const resource = info.resource;
    const next = clone(input);
    next.apiVersion = apiVersionOf(info);
    next.kind = info.kind;
    const meta = (next.metadata = next.metadata ?? {});
    delete meta.managedFields;
    // Identity and lifecycle fields belong to the server.
    meta.name = old.metadata.name;
    if (info.namespaced) meta.namespace = old.metadata.namespace;
    else delete meta.namespace;
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    meta.resourceVersion = old.metadata.resourceVersion;
    for (const key of ["deletionTimestamp", "deletionGracePeriodSeconds", "generation", "generateName"] as const) {
      if (old.metadata[key] === undefined) delete meta[key];
      else (meta as Record<string, unknown>)[key] = old.metadata[key];
    }
    // The main resource ignores status changes from users where a status subresource exists.
    if (info.subresources?.includes("status") && resource !== "namespaces") {
      if (old.status === undefined) delete next.status;
      else next.status = old.status;
    }
    if (resource === "namespaces") {
      next.status = old.status;
      next.spec = { ...(next.spec ?? {}), finalizers: old.spec?.finalizers ?? [] };
    }
    if (resource === "services" && next.spec && old.spec) {
      // A PUT without the allocated address keeps it (kubectl replace of a file written before creation).
      if (!next.spec.clusterIP && old.spec.clusterIP) next.spec.clusterIP = old.spec.clusterIP;
      if (!next.spec.clusterIPs && old.spec.clusterIPs) next.spec.clusterIPs = clone(old.spec.clusterIPs);
      for (const port of next.spec.ports ?? []) {
        const before = (old.spec.ports ?? []).find((p: any) => p?.port === port?.port && (p?.protocol ?? "TCP") === (port?.protocol ?? "TCP"));
        if (port && !port.nodePort && before?.nodePort && (next.spec.type === "NodePort" || next.spec.type === "LoadBalancer")) port.nodePort = before.nodePort;
      }
    }
    checkQuantities(info, next);
    applyDefaults(resource, next, this.defaultingContext(next));
    const errors = validateUpdate(info, next, old);
    if (errors.length) throw invalidError(info, meta.name!, errors);
    if (resource === "services") this.checkRequestedAllocations(info, next, old);
    if (WITH_GENERATION.has(resource) && next.spec !== undefined) {
      const before = old.metadata.generation ?? 1;
      meta.generation = deepEqual(next.spec, old.spec) ? before : before + 1;
    }
    return next;
  }

  /** A deleting object whose last finalizer went away is removed (unless a graceful pod deletion is pending). */
  private shouldDeleteDuringUpdate(info: ResourceInfo, next: KObject, old: KObject): boolean {
    if (!old.metadata.deletionTimestamp) return false;
    if ((next.metadata.finalizers ?? []).length > 0) return false;
    if (info.resource === "namespaces") return (next.spec?.finalizers ?? []).length === 0;
    return (old.metadata.deletionGracePeriodSeconds ?? 0) === 0;
  }

  private afterUpdate(info: ResourceInfo, obj: KObject, old: KObject): void {
    const namespace = obj.metadata.namespace;
    switch (info.resource) {
      case "pods": {
        const terminal = (p: KObject) => p.status?.phase === "Succeeded" || p.status?.phase === "Failed";
        if (terminal(obj) !== terminal(old)) this.refreshQuotas(namespace!);
        break;
      }
      case "resourcequotas":
        if (!deepEqual(obj.spec, old.spec)) this.refreshQuotas(namespace!);
        break;
      case "services":
        this.releaseServiceAllocations(old);
        this.trackServiceAllocations(obj);
        if (namespace && obj.spec?.type !== old.spec?.type) this.refreshQuotas(namespace);
        break;
      case "persistentvolumeclaims":
        if (!deepEqual(obj.spec?.resources, old.spec?.resources)) this.refreshQuotas(namespace!);
        break;
    }
  }

  private updateScale(info: ResourceInfo, old: KObject, scale: KObject, opts: WriteOptions): KObject {
    if (!info.subresources?.includes("scale")) throw new StatusError(404, "NotFound", "the server could not find the requested resource");
    const replicas = scale.spec?.replicas;
    if (replicas !== undefined && !(Number.isInteger(replicas) && replicas >= 0)) {
      throw new StatusError(422, "Invalid", `Scale.autoscaling "${old.metadata.name}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`, {
        name: old.metadata.name,
        group: "autoscaling",
        kind: "Scale",
        causes: [{ reason: "FieldValueInvalid", message: `Invalid value: ${replicas}: must be greater than or equal to 0`, field: "spec.replicas" }],
      });
    }
    const next = { ...old, metadata: { ...old.metadata }, spec: { ...old.spec, replicas: replicas ?? 0 } };
    const result = this.update(info.resource, next, { ...opts, subresource: undefined });
    return toScale(result);
  }

  // --- patch ------------------------------------------------------------------------------------------------

  patch(resource: string, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts: WriteOptions = {}): KObject {
    const info = resourceInfo(resource);
    const ns = this.ns(info, namespace);
    const current = this.store.get(resource, ns, name);
    if (!current) {
      if (type === "apply" && !opts.subresource) {
        const blank: KObject = { apiVersion: apiVersionOf(info), kind: info.kind, metadata: { name, ...(ns ? { namespace: ns } : {}) } };
        const created = applyPatch(info.kind, blank, type, patch);
        created.metadata = { ...(created.metadata ?? {}), name, ...(ns ? { namespace: ns } : {}) };
        return this.create(resource, created, opts);
      }
      throw notFound(info, name);
    }
    if (opts.subresource === "scale") {
      const patched = applyPatch("Scale", toScale(current), type, patch);
      return this.update(resource, { ...patched, metadata: { ...(patched.metadata ?? {}), name, namespace: ns } }, opts);
    }
    const patched = applyPatch(info.kind, clone(current), type, patch);
    // The URL names the object; a patch cannot rename or move it.
    patched.metadata = { ...(patched.metadata ?? {}), name, ...(ns ? { namespace: ns } : {}) };
    return this.update(resource, patched, opts);
  }

  // --- delete -----------------------------------------------------------------------------------------------

  delete(resource: string, namespace: string | undefined, name: string, opts: DeleteOptions & WriteOptions = {}): KObject | undefined {
    const info = resourceInfo(resource);
    const ns = this.ns(info, namespace);
    const old = this.store.get(resource, ns, name);
    if (!old) throw notFound(info, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid) {
      throw conflict(info, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(info, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`);
    }
    if (resource === "namespaces") return this.deleteNamespace(info, old, opts);

    const finalizers = [...(old.metadata.finalizers ?? [])];
    const add = opts.propagationPolicy === "Foreground" ? "foregroundDeletion" : opts.propagationPolicy === "Orphan" ? "orphan" : undefined;
    if (add && !finalizers.includes(add)) finalizers.push(add);

    let grace = 0;
    if (resource === "pods") {
      grace = opts.gracePeriodSeconds ?? old.spec?.terminationGracePeriodSeconds ?? 30;
      // An unscheduled or finished pod has no kubelet to stop it, so it goes at once.
      const terminal = old.status?.phase === "Succeeded" || old.status?.phase === "Failed";
      if (!old.spec?.nodeName || terminal) grace = 0;
      if (grace < 0) grace = 1;
    }

    if (grace > 0) {
      const current = old.metadata.deletionGracePeriodSeconds;
      if (old.metadata.deletionTimestamp && current !== undefined && current <= grace && finalizers.length === (old.metadata.finalizers ?? []).length) {
        return old; // already going, and at least as fast
      }
      const next: KObject = {
        ...old,
        metadata: { ...old.metadata, deletionTimestamp: rfc3339(this.clock, grace * 1000), deletionGracePeriodSeconds: grace, ...(finalizers.length ? { finalizers } : {}) },
      };
      if (opts.dryRun) return next;
      return this.store.update(resource, next);
    }
    if (finalizers.length) {
      if (old.metadata.deletionTimestamp && old.metadata.deletionGracePeriodSeconds === 0 && finalizers.length === (old.metadata.finalizers ?? []).length) return old;
      const next: KObject = {
        ...old,
        metadata: { ...old.metadata, deletionTimestamp: old.metadata.deletionTimestamp ?? rfc3339(this.clock), deletionGracePeriodSeconds: 0, finalizers },
      };
      if (opts.dryRun) return next;
      return this.store.update(resource, next);
    }
    if (opts.dryRun) return old;
    this.removeObject(info, old);
    return undefined;
  }

  private deleteNamespace(info: ResourceInfo, old: KObject, opts: DeleteOptions): KObject | undefined {
    const name = old.metadata.name!;
    if (UNDELETABLE_NAMESPACES.has(name)) {
      throw new StatusError(403, "Forbidden", `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: "namespaces" });
    }
    const specFinalizers: string[] = old.spec?.finalizers ?? [];
    if (old.metadata.deletionTimestamp) {
      if (specFinalizers.length === 0 && (old.metadata.finalizers ?? []).length === 0) {
        if (!opts.dryRun) this.removeObject(info, old);
        return undefined;
      }
      throw conflict(
        info,
        name,
        "The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.",
      );
    }
    if (specFinalizers.length === 0 && (old.metadata.finalizers ?? []).length === 0) {
      if (!opts.dryRun) this.removeObject(info, old);
      return undefined;
    }
    const next: KObject = {
      ...old,
      metadata: { ...old.metadata, deletionTimestamp: rfc3339(this.clock), deletionGracePeriodSeconds: 0 },
      status: { ...(old.status ?? {}), phase: "Terminating" },
    };
    if (opts.dryRun) return next;
    return this.store.update("namespaces", next);
  }

  private removeObject(info: ResourceInfo, obj: KObject): void {
    const namespace = obj.metadata.namespace;
    this.store.remove(info.resource, namespace, obj.metadata.name!);
    switch (info.resource) {
      case "services":
        this.releaseServiceAllocations(obj);
        break;
      case "persistentvolumeclaims":
        // The claim's dynamically provisioned volume (reclaim policy Delete) goes with it.
        for (const pv of this.store.list("persistentvolumes")) {
          if (pv.spec?.claimRef?.uid === obj.metadata.uid && pv.spec?.persistentVolumeReclaimPolicy === "Delete") {
            this.store.remove("persistentvolumes", undefined, pv.metadata.name!);
          }
        }
        break;
    }
    if (namespace) this.refreshQuotas(namespace, info.resource);
  }

  // --- subresources -----------------------------------------------------------------------------------------

  /** POST pods/{name}/binding: what the scheduler does to put a pod on a node. */
  private bind(binding: KObject): KObject {
    const info = resourceInfo("pods");
    const name = binding.metadata?.name ?? "";
    const namespace = binding.metadata?.namespace || "default";
    const pod = this.store.get("pods", namespace, name);
    if (!pod) throw notFound(info, name);
    const node = binding.target?.name;
    if (!node) throw new StatusError(400, "BadRequest", "target.name: Required value");
    if (pod.spec?.nodeName) {
      throw new StatusError(409, "Conflict", `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`, {
        name,
        kind: "pods/binding",
      });
    }
    if (pod.metadata.deletionTimestamp) {
      throw new StatusError(409, "Conflict", `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is being deleted, cannot be assigned to a host`, {
        name,
        kind: "pods/binding",
      });
    }
    const conditions = (pod.status?.conditions ?? []).filter((c: any) => c?.type !== "PodScheduled");
    conditions.push({ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: rfc3339(this.clock) });
    this.store.update("pods", { ...pod, metadata: { ...pod.metadata }, spec: { ...pod.spec, nodeName: node }, status: { ...(pod.status ?? {}), conditions } });
    return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 };
  }

  /** POST pods/{name}/eviction: a delete with the eviction's options (no PodDisruptionBudgets are served). */
  private evict(eviction: KObject, opts: WriteOptions): KObject {
    const name = eviction.metadata?.name ?? "";
    const namespace = eviction.metadata?.namespace || "default";
    this.delete("pods", namespace, name, { ...(eviction.deleteOptions ?? {}), dryRun: opts.dryRun });
    return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 };
  }

  // --- watch and subscribe -----------------------------------------------------------------------------------

  subscribe(resource: string, handler: (event: WatchEvent) => void): () => void {
    resourceInfo(resource);
    let set = this.subscribers.get(resource);
    if (!set) this.subscribers.set(resource, (set = new Set()));
    set.add(handler);
    return () => set!.delete(handler);
  }

  private indexPod(old: KObject | undefined, pod: KObject | undefined): void {
    const oldNode = old?.spec?.nodeName;
    const newNode = pod?.spec?.nodeName;
    const key = objectKey((pod ?? old)!);
    if (oldNode && oldNode !== newNode) {
      const bucket = this.podsByNode.get(oldNode);
      bucket?.delete(key);
      if (bucket && bucket.size === 0) this.podsByNode.delete(oldNode);
    }
    if (newNode && pod) {
      let bucket = this.podsByNode.get(newNode);
      if (!bucket) this.podsByNode.set(newNode, (bucket = new Map()));
      bucket.set(key, pod);
    }
  }

  private dispatch(change: StoreChange): void {
    const subs = this.subscribers.get(change.resource);
    if (subs) {
      const event: WatchEvent = { type: change.type, object: change.object, ...(change.old ? { old: change.old } : {}) };
      for (const handler of [...subs]) {
        try {
          handler(event);
        } catch (err) {
          console.error(`subscriber of ${change.resource} failed:`, err);
        }
      }
    }
    const index = this.watchers.get(change.resource);
    if (!index) return;
    const ns = change.object.metadata.namespace;
    for (const w of index.all) this.deliver(w, change);
    if (ns !== undefined) {
      const scoped = index.byNamespace.get(ns);
      if (scoped) for (const w of scoped) this.deliver(w, change);
    }
  }

  /** Sends `change` to a watcher with the watch cache's enter/leave semantics. */
  private deliver(w: Watcher, change: StoreChange): void {
    if (w.stopped) return;
    let type: WatchEvent["type"] | undefined;
    if (change.type === "ADDED") type = watcherMatches(w, change.object) ? "ADDED" : undefined;
    else if (change.type === "DELETED") type = watcherMatches(w, change.old ?? change.object) ? "DELETED" : undefined;
    else {
      const now = watcherMatches(w, change.object);
      const before = watcherMatches(w, change.old);
      type = now && before ? "MODIFIED" : now ? "ADDED" : before ? "DELETED" : undefined;
    }
    if (!type) return;
    try {
      w.onEvent({ type, object: change.object });
    } catch (err) {
      console.error(`watcher of ${change.resource} failed:`, err);
    }
  }

  /**
   * Starts a watch. Replayed history (resume from a resourceVersion) and initial events are delivered
   * synchronously before this returns, then live changes as they commit, so nothing falls in between.
   */
  watch(resource: string, opts: WatchOptions, onEvent: (event: WatchEvent) => void): WatchHandle {
    const info = resourceInfo(resource);
    const label = parseLabelSelector(opts.labelSelector);
    const field = parseFieldSelector(resource, opts.fieldSelector);
    const namespace = info.namespaced ? opts.namespace || undefined : undefined;
    const w: Watcher = { resource, namespace, label, field, onEvent, stopped: false };
    const handle: WatchHandle = { stop: () => this.stopWatcher(w) };
    const bookmark = (annotations?: Record<string, string>): WatchEvent => ({
      type: "BOOKMARK",
      object: { kind: info.kind, apiVersion: apiVersionOf(info), metadata: { resourceVersion: this.store.currentResourceVersion(), ...(annotations ? { annotations } : {}) } },
    });

    const rvText = opts.resourceVersion ?? "";
    if (opts.sendInitialEvents) {
      for (const obj of this.list(resource, { namespace, labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector })) {
        onEvent({ type: "ADDED", object: obj });
        if (w.stopped) return handle;
      }
      if (opts.allowWatchBookmarks) onEvent(bookmark({ "k8s.io/initial-events-end": "true" }));
    } else if (rvText !== "" && rvText !== "0") {
      const from = Number(rvText);
      if (!/^\d+$/.test(rvText)) throw new StatusError(400, "BadRequest", `resourceVersion: Invalid value: "${rvText}": must be a non-negative integer`);
      let missed: StoreChange[];
      try {
        missed = from >= this.store.currentRv() ? [] : this.store.changesSince(resource, from);
      } catch (err) {
        if (err instanceof StatusError && err.code === 410) {
          w.stopped = true;
          onEvent({ type: "ERROR", object: err.toStatus() });
          return handle;
        }
        throw err;
      }
      for (const change of missed) {
        this.deliver(w, change);
        if (w.stopped) return handle;
      }
    }

    let index = this.watchers.get(resource);
    if (!index) this.watchers.set(resource, (index = { all: new Set(), byNamespace: new Map() }));
    if (namespace === undefined) index.all.add(w);
    else {
      let set = index.byNamespace.get(namespace);
      if (!set) index.byNamespace.set(namespace, (set = new Set()));
      set.add(w);
    }
    if (opts.allowWatchBookmarks) {
      w.bookmarkTimer = this.clock.setInterval(() => {
        if (!w.stopped) w.onEvent(bookmark());
      }, this.bookmarkIntervalMs);
    }
    return handle;
  }

  private stopWatcher(w: Watcher): void {
    if (w.stopped && !w.bookmarkTimer) return;
    w.stopped = true;
    w.bookmarkTimer?.cancel();
    w.bookmarkTimer = undefined;
    const index = this.watchers.get(w.resource);
    if (!index) return;
    if (w.namespace === undefined) index.all.delete(w);
    else {
      const set = index.byNamespace.get(w.namespace);
      set?.delete(w);
      if (set && set.size === 0) index.byNamespace.delete(w.namespace);
    }
  }

  compact(): void {
    this.store.compact();
  }

  dropAllWatches(): void {
    for (const index of this.watchers.values()) {
      for (const w of [...index.all]) this.stopWatcher(w);
      for (const set of [...index.byNamespace.values()]) for (const w of [...set]) this.stopWatcher(w);
    }
    for (const listener of [...this.dropListeners]) listener();
  }

  onDropWatches(listener: () => void): () => void {
    this.dropListeners.add(listener);
    return () => this.dropListeners.delete(listener);
  }

  snapshot(): { resourceVersion: string; objects: KObject[] } {
    return this.store.snapshot();
  }

  // --- events -----------------------------------------------------------------------------------------------

  recordEvent(regarding: KObject, type: "Normal" | "Warning", reason: string, message: string, component: string): void {
    const namespace = regarding.metadata.namespace || "default";
    const ns = this.store.get("namespaces", undefined, namespace);
    if (!ns) return; // the namespace is gone; so is anyone who would read the event
    const key = [namespace, regarding.kind, regarding.metadata.name, regarding.metadata.uid, type, reason, message, component].join(KEY_SEPARATOR);
    const now = rfc3339(this.clock);
    const existingName = this.eventNames.get(key);
    const existing = existingName ? this.store.get("events", namespace, existingName) : undefined;
    if (existing) {
      this.store.update("events", { ...existing, metadata: { ...existing.metadata }, count: (existing.count ?? 1) + 1, lastTimestamp: now });
      return;
    }
    // The client-go recorder names events <object>.<UnixNano in hex>; the counter keeps same-instant events apart.
    const nanos = BigInt(Math.floor(this.clock.now())) * 1_000_000n + BigInt(this.eventCounter++ % 1_000_000);
    const name = `${regarding.metadata.name}.${nanos.toString(16)}`;
    const event: KObject = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace },
      involvedObject: {
        kind: regarding.kind,
        namespace: regarding.metadata.namespace,
        name: regarding.metadata.name,
        uid: regarding.metadata.uid,
        apiVersion: regarding.apiVersion,
        resourceVersion: regarding.metadata.resourceVersion,
      },
      reason,
      message,
      source: { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: "",
    };
    if (event.involvedObject.namespace === undefined) delete event.involvedObject.namespace;
    if (!this.insert("events", event)) return;
    if (this.eventNames.size > 100_000) this.eventNames.clear(); // bounded like the recorder's LRU cache
    this.eventNames.set(key, name);
  }
}

function withoutRv(obj: KObject): KObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } };
}

export function createClusterApi(options: ClusterApiOptions): ServedClusterApi {
  return new ClusterApiImpl(options);
}

/** The store resource of an object, from its apiVersion and kind (undefined for kinds not served). */
export function resourceOf(obj: KObject): string | undefined {
  return resourceByKind(groupOf(obj.apiVersion ?? ""), obj.kind)?.resource;
}
