// The watch cache keeps only the newest Events of each namespace (the API server keeps them an hour, so a cache of
// all of them grows under steady rollouts). A scripted API server lets the test choose every Event's time, send
// watch events one by one and delete an Event the cache already dropped.
import { createServer, type ServerResponse, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listWorkloadEvents } from "@/lib/server/deployments/list-workload-events";
import { tenantChangeFeed } from "@/lib/server/deployments/tenant-change-feed";
import type { TenantChangeNotice } from "@/lib/contracts/workloads";
import { setWatchCacheForTests } from "./get-watch-cache";
import { lastSeenMs, NewestPerNamespace } from "./newest-per-namespace";
import { createWatchCache, DEFAULT_EVENTS_PER_NAMESPACE, type CacheChange, type WatchCache } from "./watch-cache";

const LIMIT = 5;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const BASE_MS = Date.parse("2026-12-04T10:00:00Z");

let rv = 100;
const at = (minute: number) => new Date(BASE_MS + minute * 60_000).toISOString();

/** An Event about a Deployment, last seen `minute` minutes after BASE_MS. */
function event(namespace: string, name: string, minute: number, involved = "web") {
  return {
    kind: "Event",
    apiVersion: "v1",
    metadata: { namespace, name, uid: `uid-${namespace}-${name}`, resourceVersion: String(++rv), creationTimestamp: at(minute) },
    involvedObject: { kind: "Deployment", namespace, name: involved, apiVersion: "apps/v1" },
    reason: "ScalingReplicaSet",
    message: `${name} at minute ${minute}`,
    type: "Normal",
    count: 1,
    firstTimestamp: at(minute),
    lastTimestamp: at(minute),
  };
}

const deployment = (namespace: string, name: string) => ({
  kind: "Deployment",
  apiVersion: "apps/v1",
  metadata: { namespace, name, uid: `uid-deploy-${name}`, resourceVersion: "5", creationTimestamp: at(0), generation: 1 },
  spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "nginx:1.27" }] } } },
  status: { observedGeneration: 1, replicas: 1, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 1 },
});

// What the first list of each path holds: "t-a" has twice the limit (listed out of order), "t-b" fewer than it.
const listed: Record<string, unknown[]> = {
  "/api/v1/events": [
    ...[7, 2, 9, 4, 0, 8, 1, 6, 3, 5].map((minute) => event("t-a", `listed-${minute}`, minute)),
    ...[0, 1, 2].map((minute) => event("t-b", `b-${minute}`, minute)),
  ],
  "/apis/apps/v1/deployments": [deployment("t-a", "web")],
};

let server: Server;
let cache: WatchCache;
const watches = new Map<string, ServerResponse>();
const changes: CacheChange[] = [];

function send(type: "ADDED" | "MODIFIED" | "DELETED", object: ReturnType<typeof event>): void {
  const stream = watches.get("/api/v1/events");
  if (!stream) throw new Error("the cache is not watching events");
  stream.write(`${JSON.stringify({ type, object })}\n`);
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const names = (namespace: string) => cache.list("events", namespace).map((e) => e.metadata?.name);
const eventStats = () => cache.stats().find((s) => s.kind === "events");

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.searchParams.get("watch") !== "true") {
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ metadata: { resourceVersion: "100" }, items: listed[url.pathname] ?? [] }));
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    res.flushHeaders();
    watches.set(url.pathname, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: "scripted", server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: "scripted", token: "t" }],
    contexts: [{ name: "scripted", cluster: "scripted", user: "scripted" }],
    currentContext: "scripted",
  });
  cache = createWatchCache(kubeConfig, { log: quiet, maxEventsPerNamespace: LIMIT, watchTimeoutSeconds: 600 });
  cache.subscribe((change) => {
    if (change.kind === "events") changes.push(change);
  });
  await cache.ready();
  await until(() => watches.has("/api/v1/events"), "the events watch");
  setWatchCacheForTests(cache);
});

afterAll(async () => {
  setWatchCacheForTests(undefined);
  await cache?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe("watch cache: newest Events per namespace", () => {
  it("keeps 500 per namespace unless told otherwise", () => {
    expect(DEFAULT_EVENTS_PER_NAMESPACE).toBe(500);
  });

  it("keeps only the newest of a listed namespace, and all of a namespace under the limit, telling nobody of the rest", () => {
    expect(names("t-a")).toEqual(["listed-5", "listed-6", "listed-7", "listed-8", "listed-9"]);
    expect(names("t-b")).toEqual(["b-0", "b-1", "b-2"]);
    expect(eventStats()?.objects).toBe(LIMIT + 3);
    expect(changes.filter((c) => c.type === "ADDED").map((c) => c.name)).not.toContain("listed-4");
    expect(changes.some((c) => c.type === "DELETED")).toBe(false);
  });

  it("drops the oldest as newer ones arrive, in that namespace only, with no change for SSE clients", async () => {
    const notices: TenantChangeNotice[] = [];
    const stop = tenantChangeFeed(cache, "t-a").listen((notice) => notices.push(notice));
    try {
      changes.length = 0;
      for (let minute = 10; minute < 13; minute++) send("ADDED", event("t-a", `new-${minute}`, minute));
      await until(() => cache.get("events", "t-a", "new-12") !== undefined, "the newest event");
      expect(names("t-a")).toEqual(["listed-8", "listed-9", "new-10", "new-11", "new-12"]);
      expect(names("t-b")).toEqual(["b-0", "b-1", "b-2"]);
      expect(cache.listAll("events")).toHaveLength(LIMIT + 3);
      expect(eventStats()?.objects).toBe(LIMIT + 3);
      expect(changes.map((c) => `${c.type} ${c.name}`)).toEqual(["ADDED new-10", "ADDED new-11", "ADDED new-12"]);
      // The feed batches notices for 50 ms; wait past that and expect no "deleted" for the dropped ones.
      await until(() => notices.filter((n) => n.resource === "event").length === 3, "three event notices");
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(notices.filter((n) => n.resource === "event").map((n) => `${n.type} ${n.name}`)).toEqual(["ADDED new-10", "ADDED new-11", "ADDED new-12"]);
    } finally {
      stop();
    }
  });

  it("does not take in an Event older than every one it keeps, and later takes it back when it is seen again", async () => {
    changes.length = 0;
    const late = event("t-a", "late", 1);
    send("ADDED", late);
    send("ADDED", event("t-b", "b-3", 3));
    await until(() => cache.get("events", "t-b", "b-3") !== undefined, "the marker event");
    expect(cache.get("events", "t-a", "late")).toBeUndefined();
    expect(changes.map((c) => `${c.type} ${c.name}`)).toEqual(["ADDED b-3"]);

    // Seen again now (its count goes up): it is the namespace's newest, and the oldest kept one leaves.
    send("MODIFIED", { ...late, metadata: { ...late.metadata, resourceVersion: String(++rv) }, count: 2, lastTimestamp: at(20) });
    await until(() => cache.get("events", "t-a", "late") !== undefined, "the event seen again");
    expect(names("t-a")).toEqual(["late", "listed-9", "new-10", "new-11", "new-12"]);
    expect(changes.map((c) => `${c.type} ${c.name}`)).toEqual(["ADDED b-3", "ADDED late"]);
  });

  it("ignores the API server deleting an Event it already dropped, and passes on deleting one it keeps", async () => {
    changes.length = 0;
    send("DELETED", event("t-a", "listed-0", 0));
    send("DELETED", event("t-a", "new-10", 10));
    await until(() => cache.get("events", "t-a", "new-10") === undefined, "the deletion of a kept event");
    expect(changes.map((c) => `${c.type} ${c.name}`)).toEqual(["DELETED new-10"]);
    expect(names("t-a")).toEqual(["late", "listed-9", "new-11", "new-12"]);
    expect(eventStats()?.objects).toBe(LIMIT - 1 + 4);
    // Room again for one more without dropping any.
    send("ADDED", event("t-a", "new-13", 13));
    await until(() => cache.get("events", "t-a", "new-13") !== undefined, "one more event");
    expect(names("t-a")).toEqual(["late", "listed-9", "new-11", "new-12", "new-13"]);
  });

  it("still shows a workload's newest events on its events tab", () => {
    const tenant = { id: "t1", slug: "acme", name: "Acme", namespace: "t-a", status: "active", planName: "free" } as const;
    const { items } = listWorkloadEvents(tenant as never, "web");
    expect(items.map((item) => item.message)).toEqual([
      "late at minute 1",
      "new-13 at minute 13",
      "new-12 at minute 12",
      "new-11 at minute 11",
      "listed-9 at minute 9",
    ]);
    expect(items[0].lastSeen).toBe(at(20));
  });
});

describe("newest per namespace", () => {
  it("judges an Event by last seen, then the series, eventTime, first seen, creation, and else when it arrived", () => {
    expect(lastSeenMs({ lastTimestamp: at(3), eventTime: at(1), metadata: { creationTimestamp: at(0) } }, 0)).toBe(BASE_MS + 3 * 60_000);
    expect(lastSeenMs({ lastTimestamp: null, series: { lastObservedTime: at(4) }, eventTime: at(1) }, 0)).toBe(BASE_MS + 4 * 60_000);
    expect(lastSeenMs({ eventTime: at(2), firstTimestamp: at(1) }, 0)).toBe(BASE_MS + 2 * 60_000);
    expect(lastSeenMs({ firstTimestamp: "not a time", metadata: { creationTimestamp: at(5) } }, 0)).toBe(BASE_MS + 5 * 60_000);
    expect(lastSeenMs({}, 42)).toBe(42);
  });

  it("names the oldest only past the limit, the earlier arrival on a tie, and forgets what it is told to", () => {
    const newest = new NewestPerNamespace(2);
    newest.touch("ns", "a", 10);
    newest.touch("ns", "b", 10);
    expect(newest.oldestOverLimit("ns")).toBeUndefined();
    newest.touch("ns", "c", 5);
    expect(newest.oldestOverLimit("ns")).toBe("c");
    newest.forget("ns", "c");
    newest.touch("ns", "d", 10);
    expect(newest.oldestOverLimit("ns")).toBe("a");
    for (const name of ["a", "b", "d"]) newest.forget("ns", name);
    expect(newest.size("ns")).toBe(0);
    expect(() => new NewestPerNamespace(0)).toThrow(/at least 1/);
  });
});
