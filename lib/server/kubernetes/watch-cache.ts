import "server-only";
import http from "node:http";
import https from "node:https";
import {
  Watch,
  type CoreV1Event,
  type KubeConfig,
  type V1Deployment,
  type V1Namespace,
  type V1Pod,
  type V1ReplicaSet,
  type V1Service,
  type V1StatefulSet,
} from "@kubernetes/client-node";
import { logger } from "@/lib/server/logger";
import { NamespaceIndex } from "./namespace-index";
import { lastSeenMs, NewestPerNamespace, type EventTimes } from "./newest-per-namespace";
import { OwnerIndex } from "./owner-index";
import { slimEvent } from "./slim-event";
import { stripObject } from "./strip-object";

// The BFF's view of the cluster (DESIGN.md § Data flow): one cluster-wide list-then-watch per kind, kept in
// memory by namespace, so a tenant's page is a Map lookup and never a request to the API server. Lists and
// watches are read as raw JSON rather than through client-node's typed deserializer: on 30,000 pods the
// deserializer costs about twice what JSON.parse does (≈1 s more, measured), and raw JSON keeps every timestamp
// a string (the typed list makes Dates while the watch gives strings, kubernetes-api-notes.md §9).

const KIND_SPECS = {
  deployments: { path: "/apis/apps/v1/deployments", apiVersion: "apps/v1", kind: "Deployment", namespaced: true, byOwner: false },
  statefulsets: { path: "/apis/apps/v1/statefulsets", apiVersion: "apps/v1", kind: "StatefulSet", namespaced: true, byOwner: false },
  replicasets: { path: "/apis/apps/v1/replicasets", apiVersion: "apps/v1", kind: "ReplicaSet", namespaced: true, byOwner: true },
  pods: { path: "/api/v1/pods", apiVersion: "v1", kind: "Pod", namespaced: true, byOwner: true },
  events: { path: "/api/v1/events", apiVersion: "v1", kind: "Event", namespaced: true, byOwner: false },
  services: { path: "/api/v1/services", apiVersion: "v1", kind: "Service", namespaced: true, byOwner: false },
  namespaces: { path: "/api/v1/namespaces", apiVersion: "v1", kind: "Namespace", namespaced: false, byOwner: false },
} as const;

export type WatchedKind = keyof typeof KIND_SPECS;

/**
 * Events kept per namespace by default, the newest by last seen. The API server keeps Events an hour, so under
 * steady rollouts a cache of all of them grows for that hour (soak: 175k → 252k in 10 min on 1,000 tenants).
 * A 10-replica rollout makes about 150 Events (six per pod, old and new pods, plus the ReplicaSets'), so 500
 * keeps the last three rollouts of a tenant's workloads for its events tab, and every recent warning of the
 * namespace for the operators' list (its 50 newest across the cluster).
 */
export const DEFAULT_EVENTS_PER_NAMESPACE = 500;
export const WATCHED_KINDS = Object.keys(KIND_SPECS) as WatchedKind[];

/** Kinds indexed by owner uid: pods (owned by ReplicaSets and StatefulSets) and ReplicaSets (by Deployments). */
export type OwnerIndexedKind = { [K in WatchedKind]: (typeof KIND_SPECS)[K]["byOwner"] extends true ? K : never }[WatchedKind];

interface KindModels {
  deployments: V1Deployment;
  statefulsets: V1StatefulSet;
  replicasets: V1ReplicaSet;
  pods: V1Pod;
  events: CoreV1Event;
  services: V1Service;
  namespaces: V1Namespace;
}

/**
 * What the cache hands out: the client-node model as it is on the wire (timestamps are RFC 3339 strings, not
 * Dates), read-only all the way down. The objects are shared by every reader and never copied, so callers
 * must not mutate them: convert them (toDeployment, …) into the contract's types instead.
 */
export type CachedObject<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer U>
    ? ReadonlyArray<CachedObject<U>>
    : T extends object
      ? { readonly [P in keyof T]: CachedObject<T[P]> }
      : T;

export type CachedKindObject<K extends WatchedKind> = CachedObject<KindModels[K]>;

export type ChangeType = "ADDED" | "MODIFIED" | "DELETED";

/**
 * One change to the cache. `namespace` is "" for namespaces (cluster-scoped). For DELETED, `object` is the
 * last state (from the API server, or the cache's own after a re-list). `old` is the state the cache held
 * before a MODIFIED or a watched DELETED.
 */
export type CacheChange = {
  [K in WatchedKind]: {
    kind: K;
    type: ChangeType;
    namespace: string;
    name: string;
    object: CachedKindObject<K>;
    old?: CachedKindObject<K>;
  };
}[WatchedKind];

export type CacheListener = (change: CacheChange) => void;

export interface WatchCacheStats {
  kind: WatchedKind;
  objects: number;
  /** When the last watch event (a change or a bookmark) arrived, ISO 8601; null before the first. */
  lastEventAt: string | null;
  /** Completed lists after the first one: after 410 Expired, or to heal after an event could not be applied. */
  relists: number;
  /** Watches or lists started again after a dropped connection or an error. */
  restarts: number;
  /** Listed at least once; later outages keep the last known state and stay synced. */
  synced: boolean;
  resourceVersion: string;
  /** The last failure, for operators; cleared by nothing (compare with lastEventAt). */
  lastError: string | null;
}

export interface WatchCacheLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface WatchCacheOptions {
  /** Watch only these kinds (default: all of WATCHED_KINDS). Querying another kind throws. */
  kinds?: readonly WatchedKind[];
  /** Items per list page (default 500, as kubectl's --chunk-size). */
  pageSize?: number;
  /** Retry delays double from initial to max, each jittered to 50–100 % (default 250 ms → 10 s). */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** timeoutSeconds sent with each watch (default a random 300–600 s, as kubectl). The server then ends the
   *  watch and the cache resumes from its resourceVersion; a watch silent for 30 s longer counts as dead. */
  watchTimeoutSeconds?: number;
  log?: WatchCacheLogger;
  /** Events kept per namespace, the newest by last seen (default DEFAULT_EVENTS_PER_NAMESPACE). Older ones leave
   *  the cache quietly: no change is emitted, as the user deleted nothing. */
  maxEventsPerNamespace?: number;
}

export interface WatchCache {
  /** Objects of `kind` in `namespace`, sorted by name; [] for an unknown namespace. Shared: do not mutate. */
  list<K extends WatchedKind>(kind: K, namespace: string): readonly CachedKindObject<K>[];
  /** Objects of `kind` in every namespace (operators' views). Shared objects: do not mutate. */
  listAll<K extends WatchedKind>(kind: K): CachedKindObject<K>[];
  /** One object, or undefined; namespaces are looked up with namespace "". Shared: do not mutate. */
  get<K extends WatchedKind>(kind: K, namespace: string, name: string): CachedKindObject<K> | undefined;
  /** Pods or ReplicaSets in `namespace` with an ownerReference to `ownerUid`: a Map lookup. */
  listByOwner<K extends OwnerIndexedKind>(kind: K, namespace: string, ownerUid: string): readonly CachedKindObject<K>[];
  namespaces(): readonly CachedKindObject<"namespaces">[];
  /** One kind listed at least once, or (without a kind) every watched kind. */
  isSynced(kind?: WatchedKind): boolean;
  /** Resolves once every watched kind has been listed; rejects if the cache is stopped first. */
  ready(): Promise<void>;
  /** Every change of every kind, synchronously as it is applied. Returns the unsubscribe function. */
  subscribe(listener: CacheListener): () => void;
  /** Changes of objects in `namespace`, and of the Namespace object of that name. */
  subscribeNamespace(namespace: string, listener: CacheListener): () => void;
  stats(): WatchCacheStats[];
  /** Ends every watch and list; resolves when they have all ended. */
  stop(): Promise<void>;
}

interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    ownerReferences?: { uid?: string }[];
  };
}

interface KindSpec {
  path: string;
  apiVersion: string;
  kind: string;
  namespaced: boolean;
  byOwner: boolean;
}

interface KindState {
  name: WatchedKind;
  spec: KindSpec;
  index: NamespaceIndex<KubeObject>;
  owners: OwnerIndex<KubeObject> | undefined;
  /** Events only: each object's last-seen time, to keep the newest per namespace. */
  newest: NewestPerNamespace | undefined;
  resourceVersion: string;
  synced: boolean;
  relists: number;
  restarts: number;
  lastEventAtMs: number | undefined;
  lastError: string | null;
  /** Ends the current watch or list at once (stop()). */
  abort: (() => void) | undefined;
}

interface WatchOutcome {
  expired: boolean;
  /** The watch stayed up or delivered changes, so the retry delay starts over. */
  healthy: boolean;
}

const HEALTHY_WATCH_MS = 5_000;
const CONNECT_TIMEOUT_MS = 30_000;
const WATCHDOG_INTERVAL_MS = 5_000;
const LIST_TIMEOUT_MS = 120_000;
const CONTINUE_RESTARTS = 3;

class HttpStatusError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** The HTTP status behind a failure: ours, client-node Watch's (`statusCode`) or a Status object's `code`. */
function statusOf(error: unknown): number | undefined {
  if (error === null || typeof error !== "object") return undefined;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode === "number") return statusCode;
  return typeof code === "number" ? code : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isKubeObject(value: unknown): value is KubeObject {
  if (value === null || typeof value !== "object") return false;
  const metadata = (value as { metadata?: { name?: unknown } }).metadata;
  return metadata !== null && typeof metadata === "object" && typeof metadata.name === "string";
}

function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function statusMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    if (typeof message === "string") return message;
  } catch {
    // not a Status object; the raw text is shown below
  }
  return body.slice(0, 300);
}

export function createWatchCache(kubeConfig: KubeConfig, options: WatchCacheOptions = {}): WatchCache {
  const kinds = options.kinds ?? WATCHED_KINDS;
  const pageSize = options.pageSize ?? 500;
  const backoffInitialMs = options.backoffInitialMs ?? 250;
  const backoffMaxMs = options.backoffMaxMs ?? 10_000;
  const maxEventsPerNamespace = options.maxEventsPerNamespace ?? DEFAULT_EVENTS_PER_NAMESPACE;
  let log: WatchCacheLogger | undefined = options.log;
  const getLog = (): WatchCacheLogger => (log ??= logger().child({ component: "watch-cache" }));

  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error("the kubeconfig has no current cluster");
  const server = cluster.server.replace(/\/+$/, "");
  const watcher = new Watch(kubeConfig);

  const states = new Map<WatchedKind, KindState>();
  for (const name of kinds) {
    const spec: KindSpec = KIND_SPECS[name];
    states.set(name, {
      name,
      spec,
      index: new NamespaceIndex(),
      owners: spec.byOwner ? new OwnerIndex() : undefined,
      newest: name === "events" ? new NewestPerNamespace(maxEventsPerNamespace) : undefined,
      resourceVersion: "",
      synced: false,
      relists: 0,
      restarts: 0,
      lastEventAtMs: undefined,
      lastError: null,
      abort: undefined,
    });
  }

  const listeners = new Set<CacheListener>();
  const namespaceListeners = new Map<string, Set<CacheListener>>();
  let stopped = false;
  const sleepers = new Set<() => void>();

  let resolveReady!: () => void;
  let rejectReady!: (error: Error) => void;
  let isReady = false;
  const readyPromise = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // Nobody may be waiting when stop() rejects it; that must not become an unhandled rejection.
  readyPromise.catch(() => undefined);

  function stateOf(kind: WatchedKind): KindState {
    const state = states.get(kind);
    if (!state) throw new Error(`the watch cache does not watch ${kind}`);
    return state;
  }

  function call(listener: CacheListener, change: CacheChange): void {
    try {
      listener(change);
    } catch (error) {
      getLog().error({ err: error, kind: change.kind, namespace: change.namespace, name: change.name }, "a watch cache listener failed");
    }
  }

  function emit(state: KindState, type: ChangeType, object: KubeObject, old?: KubeObject): void {
    if (listeners.size === 0 && namespaceListeners.size === 0) return;
    const namespace = object.metadata.namespace ?? "";
    const name = object.metadata.name;
    const change = { kind: state.name, type, namespace, name, object, ...(old ? { old } : {}) } as unknown as CacheChange;
    for (const listener of listeners) call(listener, change);
    const scoped = namespaceListeners.get(state.spec.namespaced ? namespace : name);
    if (scoped) for (const listener of scoped) call(listener, change);
  }

  function store(state: KindState, object: KubeObject, previous: KubeObject | undefined): void {
    const namespace = object.metadata.namespace ?? "";
    state.index.set(namespace, object.metadata.name, object);
    state.owners?.update(objectKey(namespace, object.metadata.name), previous, object);
    state.newest?.touch(namespace, object.metadata.name, lastSeenMs(object as EventTimes, Date.now()));
  }

  function remove(state: KindState, namespace: string, name: string): KubeObject | undefined {
    const previous = state.index.delete(namespace, name);
    if (previous) state.owners?.update(objectKey(namespace, name), previous, undefined);
    state.newest?.forget(namespace, name);
    return previous;
  }

  /** Drops the namespace's oldest objects past the kind's limit, without emitting; returns whether `name` was one. */
  function trim(state: KindState, namespace: string, name: string): boolean {
    const newest = state.newest;
    if (!newest) return false;
    let dropped = false;
    for (let oldest = newest.oldestOverLimit(namespace); oldest !== undefined; oldest = newest.oldestOverLimit(namespace)) {
      remove(state, namespace, oldest);
      if (oldest === name) dropped = true;
    }
    return dropped;
  }

  function ingest(state: KindState, raw: KubeObject): KubeObject {
    // List items carry no kind/apiVersion on a real API server; watch events do. Set both so every cached
    // object looks the same.
    raw.kind ??= state.spec.kind;
    raw.apiVersion ??= state.spec.apiVersion;
    if (state.name === "events") return slimEvent(raw as Parameters<typeof slimEvent>[0]) as unknown as KubeObject;
    return stripObject(raw);
  }

  /** A watch event: stored, and passed on unless it repeats what the cache already holds. */
  function apply(state: KindState, type: ChangeType, raw: KubeObject): void {
    const object = ingest(state, raw);
    const namespace = object.metadata.namespace ?? "";
    const name = object.metadata.name;
    const previous = state.index.get(namespace, name);
    if (type === "DELETED") {
      if (!previous) return;
      remove(state, namespace, name);
      emit(state, "DELETED", object, previous);
      return;
    }
    if (previous && previous.metadata.resourceVersion === object.metadata.resourceVersion && previous.metadata.uid === object.metadata.uid) return;
    store(state, object, previous);
    // An object older than the newest the kind keeps is not shown anywhere, so nobody is told of it.
    if (trim(state, namespace, name)) return;
    emit(state, previous ? "MODIFIED" : "ADDED", object, previous);
  }

  /** The list's objects the kind keeps: for Events the newest per namespace (a later item wins a tie), else all. */
  function kept(state: KindState, items: KubeObject[]): KubeObject[] {
    const newest = state.newest;
    if (!newest) return items;
    const now = Date.now();
    const byNamespace = new Map<string, { ms: number; at: number; object: KubeObject }[]>();
    items.forEach((object, at) => {
      const namespace = object.metadata.namespace ?? "";
      let bucket = byNamespace.get(namespace);
      if (!bucket) byNamespace.set(namespace, (bucket = []));
      bucket.push({ ms: lastSeenMs(object as EventTimes, now), at, object });
    });
    const out: { at: number; object: KubeObject }[] = [];
    for (const bucket of byNamespace.values()) {
      if (bucket.length > newest.limit) {
        bucket.sort((a, b) => b.ms - a.ms || b.at - a.at);
        bucket.length = newest.limit;
      }
      out.push(...bucket);
    }
    // In list order, so arrival order (the tie-break of later trims) follows the list's.
    return out.sort((a, b) => a.at - b.at).map((entry) => entry.object);
  }

  /**
   * Replaces the kind's contents with a fresh list and emits the difference, so subscribers end where a
   * watch without gaps would have left them: vanished → DELETED, changed → MODIFIED, new → ADDED. An object
   * deleted and recreated under the same name (a new uid) is DELETED then ADDED.
   */
  function applyList(state: KindState, items: KubeObject[], resourceVersion: string): void {
    const fresh = new NamespaceIndex<KubeObject>();
    for (const item of items) fresh.set(item.metadata.namespace ?? "", item.metadata.name, item);
    const vanished: [string, string][] = [];
    for (const [namespace, name] of state.index.entries()) if (!fresh.get(namespace, name)) vanished.push([namespace, name]);
    for (const [namespace, name] of vanished) {
      const previous = remove(state, namespace, name);
      if (previous) emit(state, "DELETED", previous);
    }
    const keep = kept(state, items);
    if (keep !== items) {
      // Listed but past the limit: they leave the cache quietly, as in apply().
      const keptSet = new Set(keep);
      for (const object of items) if (!keptSet.has(object)) remove(state, object.metadata.namespace ?? "", object.metadata.name);
    }
    for (const object of keep) {
      const namespace = object.metadata.namespace ?? "";
      const previous = state.index.get(namespace, object.metadata.name);
      if (!previous) {
        store(state, object, undefined);
        emit(state, "ADDED", object);
      } else if (previous.metadata.uid !== object.metadata.uid) {
        remove(state, namespace, object.metadata.name);
        emit(state, "DELETED", previous);
        store(state, object, undefined);
        emit(state, "ADDED", object);
      } else if (previous.metadata.resourceVersion !== object.metadata.resourceVersion) {
        store(state, object, previous);
        emit(state, "MODIFIED", object, previous);
      }
    }
    state.resourceVersion = resourceVersion;
    if (state.synced) state.relists++;
    else {
      state.synced = true;
      if (!isReady && [...states.values()].every((s) => s.synced)) {
        isReady = true;
        resolveReady();
      }
    }
  }

  /** Credentials and TLS settings from the kubeconfig (tokens from exec plugins are fetched here). */
  async function requestOptions(): Promise<https.RequestOptions> {
    const options: https.RequestOptions = {};
    await kubeConfig.applyToHTTPSOptions(options);
    return options;
  }

  function getJson(url: URL, requestOptions: https.RequestOptions, signal: AbortSignal): Promise<unknown> {
    const transport = url.protocol === "http:" ? http : https;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        url,
        { ...requestOptions, method: "GET", headers: { ...requestOptions.headers, Accept: "application/json" }, signal },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            const body = Buffer.concat(chunks).toString("utf8");
            const status = response.statusCode ?? 0;
            if (status !== 200) {
              reject(new HttpStatusError(status, `GET ${url.pathname} answered ${status}: ${statusMessage(body)}`));
              return;
            }
            try {
              resolve(JSON.parse(body));
            } catch (error) {
              reject(new Error(`GET ${url.pathname} answered with invalid JSON: ${describe(error)}`));
            }
          });
        },
      );
      request.setTimeout(LIST_TIMEOUT_MS, () => request.destroy(new Error(`GET ${url.pathname} timed out`)));
      request.on("error", reject);
      request.end();
    });
  }

  /** Lists every page (a 410 on a continue token starts the list over), then applies the result at once. */
  async function relist(state: KindState): Promise<void> {
    const controller = new AbortController();
    state.abort = () => controller.abort();
    try {
      let items: KubeObject[] = [];
      let resourceVersion = "";
      let token: string | undefined;
      let restartsLeft = CONTINUE_RESTARTS;
      const options = await requestOptions();
      for (;;) {
        const url = new URL(server + state.spec.path);
        url.searchParams.set("limit", String(pageSize));
        if (token) url.searchParams.set("continue", token);
        let page: { metadata?: { resourceVersion?: string; continue?: string }; items?: unknown[] };
        try {
          page = (await getJson(url, options, controller.signal)) as typeof page;
        } catch (error) {
          if (token && statusOf(error) === 410 && restartsLeft-- > 0) {
            items = [];
            resourceVersion = "";
            token = undefined;
            continue;
          }
          throw error;
        }
        // Every page of a list is served from the first page's snapshot, so its resourceVersion is the list's.
        if (!resourceVersion) resourceVersion = page.metadata?.resourceVersion ?? "";
        for (const item of page.items ?? []) if (isKubeObject(item)) items.push(ingest(state, item));
        token = page.metadata?.continue || undefined;
        if (!token) break;
      }
      if (stopped) return;
      applyList(state, items, resourceVersion);
    } finally {
      state.abort = undefined;
    }
  }

  /** One watch from the kind's resourceVersion, until the server ends it, it fails, or it expires (410). */
  function watchOnce(state: KindState): Promise<WatchOutcome> {
    return new Promise((resolve, reject) => {
      const openedAt = Date.now();
      const timeoutSeconds = options.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
      const silentLimitMs = (timeoutSeconds + 30) * 1000;
      let lastActivity = openedAt;
      let connected = false;
      let changes = 0;
      let expired = false;
      let failure: Error | undefined;
      let controller: AbortController | undefined;
      let finished = false;

      const finish = (error: unknown): void => {
        if (finished) return;
        finished = true;
        clearInterval(watchdog);
        state.abort = undefined;
        controller?.abort();
        const healthy = changes > 0 || Date.now() - openedAt >= HEALTHY_WATCH_MS;
        if (expired) resolve({ expired: true, healthy });
        else if (failure) reject(failure);
        else if (error) reject(error instanceof Error ? error : new Error(describe(error)));
        else resolve({ expired: false, healthy });
      };

      // A connection that dies without a FIN never ends the stream by itself; silence longer than the
      // server's own timeout (or no answer at all) means the watch is gone.
      const watchdog = setInterval(() => {
        const silentMs = Date.now() - lastActivity;
        if (!connected && silentMs > CONNECT_TIMEOUT_MS) failure = new Error(`watch of ${state.name} got no answer in ${CONNECT_TIMEOUT_MS} ms`);
        else if (connected && silentMs > silentLimitMs) failure = new Error(`watch of ${state.name} was silent for ${silentMs} ms`);
        if (failure) finish(null);
      }, WATCHDOG_INTERVAL_MS);
      watchdog.unref();
      state.abort = () => finish(null);

      // client-node's Watch swallows whatever its callback throws, so a failure here is caught, logged and
      // healed by a re-list rather than left as a silent gap.
      const onEvent = (type: string, object: unknown): void => {
        try {
          handleEvent(type, object);
        } catch (error) {
          getLog().error({ err: error, kind: state.name, type }, "applying a watch event failed; re-listing");
          state.resourceVersion = "";
          failure = error instanceof Error ? error : new Error(describe(error));
          finish(null);
        }
      };

      const handleEvent = (type: string, object: unknown): void => {
        if (finished) return;
        lastActivity = Date.now();
        state.lastEventAtMs = lastActivity;
        if (type === "ERROR") {
          const status = (object ?? {}) as { code?: unknown; message?: unknown };
          if (status.code === 410) expired = true;
          else failure = new HttpStatusError(typeof status.code === "number" ? status.code : 500, `watch of ${state.name} failed: ${String(status.message ?? "unknown error")}`);
          finish(null);
          return;
        }
        if (type === "BOOKMARK") {
          // A bookmark carries only a resourceVersion (no name): resuming from it skips history the cache
          // does not need, so a quiet kind does not fall behind a compaction.
          const resourceVersion = (object as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
          if (typeof resourceVersion === "string" && resourceVersion) state.resourceVersion = resourceVersion;
          return;
        }
        if (!isKubeObject(object) || (type !== "ADDED" && type !== "MODIFIED" && type !== "DELETED")) return;
        changes++;
        apply(state, type, object);
        if (object.metadata.resourceVersion) state.resourceVersion = object.metadata.resourceVersion;
      };

      watcher
        .watch(state.spec.path, { resourceVersion: state.resourceVersion || undefined, allowWatchBookmarks: true, timeoutSeconds }, onEvent, (error: unknown) => {
          if (statusOf(error) === 410) expired = true;
          finish(error);
        })
        .then(
          (abortController) => {
            controller = abortController;
            connected = true;
            lastActivity = Date.now();
            if (finished) abortController.abort();
          },
          (error: unknown) => finish(error),
        );
    });
  }

  function backoffMs(failures: number): number {
    const ceiling = Math.min(backoffMaxMs, backoffInitialMs * 2 ** Math.min(failures, 30));
    return Math.round(ceiling * (0.5 + Math.random() * 0.5));
  }

  function pause(ms: number): Promise<void> {
    if (stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  }

  /** Never gives up: every ending of a list or watch leads to the next one until stop(). */
  async function run(state: KindState): Promise<void> {
    let failures = 0;
    while (!stopped) {
      try {
        if (!state.resourceVersion) await relist(state);
        if (stopped) break;
        const outcome = await watchOnce(state);
        if (stopped) break;
        if (outcome.healthy) failures = 0;
        if (outcome.expired) {
          state.resourceVersion = "";
          getLog().info({ kind: state.name }, "watch expired (410); re-listing");
        } else {
          state.restarts++;
        }
      } catch (error) {
        if (stopped) break;
        state.lastError = describe(error);
        if (statusOf(error) === 410) {
          state.resourceVersion = "";
          getLog().info({ kind: state.name }, "watch expired (410); re-listing");
        } else {
          state.restarts++;
          getLog().warn({ kind: state.name, err: error, failures: failures + 1 }, "watch or list failed; retrying");
        }
      }
      // Jittered even after a clean end, so replicas that lost the API server together do not return together.
      await pause(backoffMs(failures++));
    }
  }

  const loops = [...states.values()].map((state) => run(state));

  return {
    list(kind, namespace) {
      return stateOf(kind).index.list(namespace) as unknown as readonly CachedKindObject<typeof kind>[];
    },
    listAll(kind) {
      const out: KubeObject[] = [];
      for (const [, , object] of stateOf(kind).index.entries()) out.push(object);
      return out as unknown as CachedKindObject<typeof kind>[];
    },
    get(kind, namespace, name) {
      return stateOf(kind).index.get(namespace, name) as unknown as CachedKindObject<typeof kind> | undefined;
    },
    listByOwner(kind, namespace, ownerUid) {
      const owners = stateOf(kind).owners;
      if (!owners) throw new Error(`${kind} are not indexed by owner`);
      return owners.list(namespace, ownerUid) as unknown as readonly CachedKindObject<typeof kind>[];
    },
    namespaces() {
      return stateOf("namespaces").index.list("") as unknown as readonly CachedKindObject<"namespaces">[];
    },
    isSynced(kind) {
      if (kind) return stateOf(kind).synced;
      for (const state of states.values()) if (!state.synced) return false;
      return true;
    },
    ready() {
      return readyPromise;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    subscribeNamespace(namespace, listener) {
      let set = namespaceListeners.get(namespace);
      if (!set) {
        set = new Set();
        namespaceListeners.set(namespace, set);
      }
      set.add(listener);
      return () => {
        const current = namespaceListeners.get(namespace);
        if (!current) return;
        current.delete(listener);
        if (current.size === 0) namespaceListeners.delete(namespace);
      };
    },
    stats() {
      return [...states.values()].map((state) => ({
        kind: state.name,
        objects: state.index.size,
        lastEventAt: state.lastEventAtMs === undefined ? null : new Date(state.lastEventAtMs).toISOString(),
        relists: state.relists,
        restarts: state.restarts,
        synced: state.synced,
        resourceVersion: state.resourceVersion,
        lastError: state.lastError,
      }));
    },
    async stop() {
      if (!stopped) {
        stopped = true;
        for (const state of states.values()) state.abort?.();
        for (const wake of [...sleepers]) wake();
        if (!isReady) rejectReady(new Error("the watch cache was stopped before it had listed every kind"));
      }
      await Promise.all(loops);
    },
  };
}
