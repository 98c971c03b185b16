import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CacheChange, CacheListener, WatchCache } from "@/lib/server/kubernetes/watch-cache";
import { COALESCE_MS, RING_SIZE, TenantChangeFeed } from "./tenant-change-feed";

// The feed over a cache that holds one Deployment and lets the test emit changes as the watch cache would.

function deployment(replicas: number) {
  return {
    kind: "Deployment",
    metadata: { name: "web", namespace: "t-acme", uid: "d1", generation: 1, resourceVersion: String(replicas), creationTimestamp: "2026-11-25T09:00:00Z" },
    spec: { replicas, template: { spec: { containers: [{ name: "web", image: "web:1" }] } } },
    status: { observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas },
  };
}

function fakeCache() {
  const listeners = new Map<string, Set<CacheListener>>();
  let current: ReturnType<typeof deployment> | undefined = deployment(1);
  const cache = {
    get: (kind: string, namespace: string, name: string) => (kind === "deployments" && namespace === "t-acme" && name === "web" ? current : undefined),
    subscribeNamespace: (namespace: string, listener: CacheListener) => {
      const set = listeners.get(namespace) ?? new Set();
      set.add(listener);
      listeners.set(namespace, set);
      return () => set.delete(listener);
    },
  } as unknown as WatchCache;
  return {
    cache,
    listeners,
    scale(replicas: number) {
      current = deployment(replicas);
      const change = { kind: "deployments", type: "MODIFIED", namespace: "t-acme", name: "web", object: current } as unknown as CacheChange;
      for (const listener of listeners.get("t-acme") ?? []) listener(change);
    },
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("TenantChangeFeed", () => {
  it("carries balance changes from a source outside the cluster, coalesced, and stops following it when closed", () => {
    const { cache } = fakeCache();
    const feed = new TenantChangeFeed(cache, "t-acme");
    const seen: unknown[] = [];
    feed.listen((notice) => seen.push(notice));
    let announce = () => {};
    let following = 0;
    const start = (record: () => void) => {
      following += 1;
      announce = record;
      return () => void (following -= 1);
    };
    feed.follow("balance", start);
    feed.follow("balance", start); // a second stream of the same tenant: still one source
    expect(following).toBe(1);
    announce();
    announce();
    vi.advanceTimersByTime(COALESCE_MS);
    expect(seen).toEqual([{ id: feed.lastId(), type: "MODIFIED", resource: "balance", name: null, workload: null }]);
    feed.close();
    expect(following).toBe(0);
  });

  it("turns a burst of changes to one workload into one notice with its latest summary", () => {
    const { cache, scale } = fakeCache();
    const feed = new TenantChangeFeed(cache, "t-acme");
    const seen: unknown[] = [];
    feed.listen((notice) => seen.push(notice));
    scale(2);
    scale(3);
    scale(4);
    expect(seen).toHaveLength(0);
    vi.advanceTimersByTime(COALESCE_MS);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ type: "MODIFIED", resource: "workload", name: "web", workload: "web", summary: { replicas: { desired: 4 } } });
    feed.close();
  });

  it("replays what came after an id, and refuses ids it cannot answer for completely", () => {
    const { cache, scale } = fakeCache();
    const feed = new TenantChangeFeed(cache, "t-acme");
    const start = feed.lastId();
    const ids: string[] = [];
    for (let replicas = 2; replicas <= 4; replicas++) {
      scale(replicas);
      vi.advanceTimersByTime(COALESCE_MS);
      ids.push(feed.lastId());
    }
    expect(feed.replaySince(ids[0])!.map((notice) => notice.summary?.replicas.desired)).toEqual([3, 4]);
    expect(feed.replaySince(start)!.map((notice) => notice.id)).toEqual(ids);
    expect(feed.replaySince(ids[2])).toEqual([]);
    expect(feed.replaySince("0.1")).toBeNull();
    expect(feed.replaySince(`${ids[0].split(".")[0]}.99`)).toBeNull();
    feed.close();
  });

  it("keeps the last notices only, so an id older than them asks the client to resync", () => {
    const { cache, scale } = fakeCache();
    const feed = new TenantChangeFeed(cache, "t-acme");
    const start = feed.lastId();
    for (let i = 0; i < RING_SIZE + 5; i++) {
      scale(i + 2);
      vi.advanceTimersByTime(COALESCE_MS);
    }
    expect(feed.replaySince(start)).toBeNull();
    const epoch = start.split(".")[0];
    expect(feed.replaySince(`${epoch}.5`)).toHaveLength(RING_SIZE);
    feed.close();
  });

  it("stops following the cache when closed", () => {
    const { cache, listeners } = fakeCache();
    const feed = new TenantChangeFeed(cache, "t-acme");
    expect(listeners.get("t-acme")?.size).toBe(1);
    feed.close();
    expect(listeners.get("t-acme")?.size).toBe(0);
  });
});
