// The shared vocabulary of the simulated cluster. Every part of sim/ (store, API layer, HTTP server,
// controllers, scheduler, kubelets) codes against these types, so they can be built and tested apart.
// Objects are plain JSON exactly as the Kubernetes API would serialise them.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string; // RFC 3339, seconds precision
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

/** Any Kubernetes object. Kind-specific fields stay loosely typed on purpose: the simulator must
 *  round-trip whatever kubectl sends, including fields it does not interpret. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [key: string]: any;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

export interface WatchEvent {
  type: WatchEventType;
  object: KObject;
  /** The object before the change (MODIFIED, DELETED); in-process subscribers only, never sent on the wire. */
  old?: KObject;
}

/** Static description of one served resource, the source for discovery, tables, OpenAPI and routing. */
export interface ResourceInfo {
  group: string; // "" for core
  version: string;
  resource: string; // plural, e.g. "deployments" — unique across all groups the simulator serves
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  subresources?: string[]; // e.g. ["status", "scale"]
}

/** Who is making a request, after authentication and impersonation. */
export interface UserInfo {
  username: string;
  groups: string[];
}

/** An error the API answers with a Status object (kind: Status), exactly as kube-apiserver does. */
export class StatusError extends Error {
  constructor(
    public readonly code: number,
    public readonly reason: string, // "NotFound", "AlreadyExists", "Conflict", "Invalid", "Forbidden", "Expired", …
    message: string,
    public readonly details?: {
      name?: string;
      group?: string;
      kind?: string;
      causes?: { reason?: string; message?: string; field?: string }[];
      retryAfterSeconds?: number;
    },
  ) {
    super(message);
  }

  toStatus(): KObject {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** Time for the simulator. Every delay in controllers and kubelets goes through it, so `--speed 10`
 *  makes a 10 s readiness delay take one real second, and tests can run fast. */
export interface Clock {
  /** Simulated epoch milliseconds. */
  now(): number;
  /** Run fn after `ms` simulated milliseconds. */
  setTimeout(fn: () => void, ms: number): { cancel(): void };
  setInterval(fn: () => void, ms: number): { cancel(): void };
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface WriteOptions {
  /** The identity the write is made as; controllers and kubelets omit it (system:admin). */
  user?: UserInfo;
  /** "finalize" is namespaces/finalize: the namespace controller empties spec.finalizers through it. */
  subresource?: "status" | "scale" | "binding" | "eviction" | "finalize";
  dryRun?: boolean;
  fieldManager?: string;
}

export type PatchType = "json" | "merge" | "strategic" | "apply";

/**
 * The cluster's API layer (the "registry" of kube-apiserver): defaulting, validation, admission
 * (ResourceQuota, LimitRange, Pod Security), generation, finalizers, graceful deletion and
 * resourceVersion checks all happen here. The HTTP server and every controller go through it;
 * nothing writes the store directly, so a controller's pod creation is refused by a quota exactly
 * as a user's would be.
 *
 * `resource` is the plural resource name ("pods", "deployments"); names are unique across the
 * groups the simulator serves. Cluster-scoped resources take `namespace` undefined.
 */
export interface ClusterApi {
  readonly clock: Clock;
  info(resource: string): ResourceInfo;
  get(resource: string, namespace: string | undefined, name: string): KObject | undefined;
  /** Throws StatusError 404 NotFound when missing. */
  getOrThrow(resource: string, namespace: string | undefined, name: string): KObject;
  list(resource: string, opts?: ListOptions): KObject[];
  create(resource: string, obj: KObject, opts?: WriteOptions): KObject;
  /** Replaces the object; a non-empty metadata.resourceVersion must match (409 Conflict otherwise). */
  update(resource: string, obj: KObject, opts?: WriteOptions): KObject;
  patch(
    resource: string,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts?: WriteOptions,
  ): KObject;
  /** Returns the object as it is after the call (with deletionTimestamp when deletion is graceful or
   *  blocked by finalizers), or undefined when it is gone. */
  delete(resource: string, namespace: string | undefined, name: string, opts?: DeleteOptions & WriteOptions): KObject | undefined;
  /** In-process watch for controllers: called synchronously after every committed change of that resource. */
  subscribe(resource: string, handler: (event: WatchEvent) => void): () => void;
  /** Records a core/v1 Event about `regarding`, aggregating repeats (count, lastTimestamp) as the real recorder does. */
  recordEvent(regarding: KObject, type: "Normal" | "Warning", reason: string, message: string, component: string): void;
}

export interface ListPageOptions extends ListOptions {
  limit?: number;
  continue?: string;
}

export interface ListPage {
  items: KObject[];
  /** The store's resourceVersion at the moment of the list; a watch from it misses nothing. */
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface WatchOptions extends ListOptions {
  /** Resume after this resourceVersion; "" or "0" means "from now" (after sending the current state as ADDED
   *  when sendInitialEvents is set). Too old (compacted) → onEvent gets an ERROR event with a 410 Expired Status. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
}

export interface WatchHandle {
  stop(): void;
}

/** The API layer plus what the HTTP server needs beyond controllers: paged lists and resumable watches. */
export interface ServedClusterApi extends ClusterApi {
  listPage(resource: string, opts?: ListPageOptions): ListPage;
  /** Selector enter/leave semantics as the real server: an object that stops matching is sent as DELETED. */
  watch(resource: string, opts: WatchOptions, onEvent: (event: WatchEvent) => void): WatchHandle;
  currentResourceVersion(): string;
  /** Fault control: forget watch history so any resume below the current resourceVersion gets 410 Expired. */
  compact(): void;
  /** Fault control: end every open HTTP watch (each handler gets onClosed). */
  dropAllWatches(): void;
  /** Called when dropAllWatches runs; the HTTP server ends the streams. */
  onDropWatches(listener: () => void): () => void;
  /** Serialisable snapshot of every object, for --state. */
  snapshot(): { resourceVersion: string; objects: KObject[] };
}

export interface LogOptions {
  container?: string;
  follow?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps?: boolean;
  previous?: boolean;
  limitBytes?: number;
}

export interface PodMetricsItem {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  timestamp: string;
  window: string;
  containers: { name: string; usage: { cpu: string; memory: string } }[];
}

export interface NodeMetricsItem {
  name: string;
  labels: Record<string, string>;
  timestamp: string;
  window: string;
  usage: { cpu: string; memory: string };
}

/** What the simulated kubelets offer the API server (pods/log, nodes/proxy, metrics.k8s.io). */
export interface KubeletHub {
  /** Lines already written (respecting tail/since/limit), and for follow a subscription to new lines.
   *  Each line ends without "\n"; with timestamps it is prefixed "RFC3339Nano ". Throws StatusError (400 for a
   *  bad container name, 404 for no such pod). */
  logs(namespace: string, pod: string, opts: LogOptions): { lines: string[]; follow?: (onLine: (line: string) => void, onEnd: () => void) => () => void };
  /** cAdvisor Prometheus text for a node (`/api/v1/nodes/{node}/proxy/metrics/cadvisor`); rejects 404 for an
   *  unknown node, 503 when the node is stopped, and never resolves while the node's "hang" fault is on. */
  cadvisor(node: string): Promise<string>;
  /** kubelet `/metrics/resource` text for a node. */
  resourceMetrics(node: string): Promise<string>;
  podMetrics(namespace?: string): PodMetricsItem[];
  nodeMetrics(): NodeMetricsItem[];
  /** Fault controls. */
  setNodeRunning(node: string, running: boolean): void;
  setCadvisorHang(node: string, hang: boolean): void;
  stop(): void;
}

export interface Controller {
  stop(): void;
}
