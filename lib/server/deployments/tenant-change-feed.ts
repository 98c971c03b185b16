import "server-only";
import type { TenantChangeNotice } from "@/lib/contracts/workloads";
import type { CacheChange, ChangeType, WatchCache } from "@/lib/server/kubernetes/watch-cache";
import { findWorkloadObject } from "./find-workload-object";
import { toWorkloadPod } from "./to-workload-pod";
import { toWorkloadSummary } from "./to-workload-summary";
import { replicaSetOfPod, workloadOfEvent, workloadOfPod, workloadOfReplicaSet } from "./workload-of";

// One feed per tenant namespace turns the watch cache's changes into the change notices of the tenant's SSE
// stream (DESIGN.md § Data flow). It keeps the last notices so a reconnecting tab (Last-Event-ID) gets what it
// missed, and lives on while nobody listens for a while, so a tab that reloads resumes instead of refetching.

export const RING_SIZE = 2_000;
/** Changes of one object within this window become one notice (a rollout changes a Deployment many times a second). */
export const COALESCE_MS = 50;
const IDLE_MS = 10 * 60_000;

type Resource = NonNullable<TenantChangeNotice["resource"]>;
type Notice = Omit<TenantChangeNotice, "id">;
type NoticeListener = (notice: TenantChangeNotice) => void;

interface Pending {
  type: ChangeType;
  resource: Resource;
  /** null for a tenant-wide change (the balance). */
  name: string | null;
  /** For a deleted object, the workload it belonged to when it was last seen. */
  workload: string | null;
}

export class TenantChangeFeed {
  /** Ids carry the feed's start so an id from before a restart is recognised as unknown, never mistaken for a recent one. */
  private readonly epoch = Date.now().toString(36);
  private seq = 0;
  private readonly ring: { seq: number; notice: TenantChangeNotice }[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<NoticeListener>();
  private flushTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  /** Sources other than the cluster (the balance), by name, each with the function that stops it. */
  private readonly sources = new Map<string, () => void>();

  constructor(
    private readonly cache: WatchCache,
    private readonly namespace: string,
    private readonly onIdle: () => void = () => {},
  ) {
    this.unsubscribe = cache.subscribeNamespace(namespace, (change) => this.onChange(change));
    this.armIdle();
  }

  /** The id of the newest notice (or of the feed's start, before any). */
  lastId(): string {
    return `${this.epoch}.${this.seq}`;
  }

  /** The notices after `lastEventId`, oldest first; null when they cannot all be given (unknown id, or older than the ring). */
  replaySince(lastEventId: string): TenantChangeNotice[] | null {
    const match = /^([0-9a-z]+)\.(\d+)$/.exec(lastEventId);
    if (!match || match[1] !== this.epoch) return null;
    const seq = Number(match[2]);
    if (seq > this.seq) return null;
    if (seq === this.seq) return [];
    const oldest = this.ring[0]?.seq;
    if (oldest === undefined || seq < oldest - 1) return null;
    return this.ring.filter((item) => item.seq > seq).map((item) => item.notice);
  }

  /** Every notice from now on; returns the function that stops listening. */
  listen(listener: NoticeListener): () => void {
    this.listeners.add(listener);
    clearTimeout(this.idleTimer);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.armIdle();
    };
  }

  /**
   * Follows a source of tenant-wide changes that are not in the cluster (e.g. the balance), once per `name` for the
   * feed's life: `start` gets the function that records a change and returns the one that stops following.
   */
  follow(name: string, start: (announce: () => void) => () => void): void {
    if (this.sources.has(name)) return;
    this.sources.set(name, start(() => this.queue({ type: "MODIFIED", resource: "balance", name: null, workload: null })));
  }

  /** Stops following the cache; nothing more is recorded. */
  close(): void {
    clearTimeout(this.flushTimer);
    clearTimeout(this.idleTimer);
    this.unsubscribe();
    for (const stop of this.sources.values()) stop();
    this.sources.clear();
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.listeners.size > 0) return;
      this.close();
      this.onIdle();
    }, IDLE_MS);
    this.idleTimer.unref?.();
  }

  private onChange(change: CacheChange): void {
    switch (change.kind) {
      case "deployments":
      case "statefulsets":
        this.queue({ type: change.type, resource: "workload", name: change.name, workload: change.name });
        return;
      case "replicasets": {
        // A ReplicaSet's counts are part of its Deployment's rollout, so the Deployment is what changed.
        const owner = workloadOfReplicaSet(change.object);
        if (owner && this.cache.get("deployments", this.namespace, owner)) this.queue({ type: "MODIFIED", resource: "workload", name: owner, workload: owner });
        return;
      }
      case "pods":
        this.queue({ type: change.type, resource: "pod", name: change.name, workload: workloadOfPod(this.cache, change.object) });
        return;
      case "events":
        this.queue({ type: change.type, resource: "event", name: change.name, workload: workloadOfEvent(this.cache, change.object) });
        return;
      case "services":
        this.queue({ type: change.type, resource: "service", name: change.name, workload: change.name });
        return;
      default:
        return;
    }
  }

  private queue(change: Pending): void {
    const key = `${change.resource}/${change.name}`;
    const earlier = this.pending.get(key);
    if (earlier?.type === "ADDED" && change.type === "DELETED") {
      // Created and gone within one window: nobody saw it.
      this.pending.delete(key);
      return;
    }
    this.pending.set(key, earlier?.type === "ADDED" ? { ...change, type: "ADDED" } : change);
    this.flushTimer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const change of batch) {
      const notice = this.toNotice(change);
      if (notice) this.publish(notice);
    }
  }

  /** The notice carries the object's state at flush time, so a burst of changes sends its last state once. */
  private toNotice(change: Pending): Notice | null {
    const base = { type: change.type, resource: change.resource, name: change.name, workload: change.workload };
    if (change.type === "DELETED" || change.name === null) return base;
    switch (change.resource) {
      case "workload": {
        const workload = findWorkloadObject(this.cache, this.namespace, change.name);
        return workload ? { ...base, summary: toWorkloadSummary(workload) } : { ...base, type: "DELETED" };
      }
      case "pod": {
        const pod = this.cache.get("pods", this.namespace, change.name);
        if (!pod) return { ...base, type: "DELETED" };
        const workload = workloadOfPod(this.cache, pod);
        return { ...base, workload, pod: toWorkloadPod(pod, replicaSetOfPod(this.cache, pod), workload) };
      }
      case "service": {
        const owner = findWorkloadObject(this.cache, this.namespace, change.name);
        return { ...base, workload: owner ? change.name : null };
      }
      default:
        return base;
    }
  }

  private publish(notice: Notice): void {
    this.seq += 1;
    const full: TenantChangeNotice = { id: `${this.epoch}.${this.seq}`, ...notice };
    this.ring.push({ seq: this.seq, notice: full });
    if (this.ring.length > RING_SIZE) this.ring.splice(0, this.ring.length - RING_SIZE);
    for (const listener of this.listeners) listener(full);
  }
}

const feeds = new WeakMap<WatchCache, Map<string, TenantChangeFeed>>();

/** The namespace's feed over this cache, started on first use and kept while it is listened to (and a while after). */
export function tenantChangeFeed(cache: WatchCache, namespace: string): TenantChangeFeed {
  let byNamespace = feeds.get(cache);
  if (!byNamespace) {
    byNamespace = new Map();
    feeds.set(cache, byNamespace);
  }
  let feed = byNamespace.get(namespace);
  if (!feed) {
    const owner = byNamespace;
    feed = new TenantChangeFeed(cache, namespace, () => owner.delete(namespace));
    byNamespace.set(namespace, feed);
  }
  return feed;
}
