// The watch cache against the real simulated cluster, over HTTP as in production: what it lists at start, what it
// learns from watches, and that neither a dropped watch nor a forced 410 loses or duplicates anything, for the
// cache itself and for a subscriber that rebuilds the state from the change feed alone.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "@/scripts/test-support/test-cluster";
import { LAST_APPLIED_ANNOTATION } from "./strip-object";
import { createWatchCache, WATCHED_KINDS, type CacheChange, type WatchCache, type WatchedKind } from "./watch-cache";

const PATHS: Record<WatchedKind, string> = {
  deployments: "/apis/apps/v1/deployments",
  statefulsets: "/apis/apps/v1/statefulsets",
  replicasets: "/apis/apps/v1/replicasets",
  pods: "/api/v1/pods",
  events: "/api/v1/events",
  services: "/api/v1/services",
  namespaces: "/api/v1/namespaces",
};

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

const deploymentYaml = (namespace: string, name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: { app: ${name} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: app
          image: nginx:1.25
          env: [{ name: GREETING, value: hello }]
          resources: { requests: { cpu: 50m, memory: 32Mi } }
`;

/** Rebuilds the cluster's state from the change feed alone, and notes every change that contradicts it
 *  (an ADDED for something it already has is a duplicate, a MODIFIED or DELETED of something unknown is a gap). */
class FeedMirror {
  readonly objects = new Map<string, string>();
  readonly anomalies: string[] = [];
  readonly changes: CacheChange[] = [];

  apply = (change: CacheChange): void => {
    this.changes.push(change);
    const key = `${change.kind}:${change.namespace}/${change.name}`;
    const known = this.objects.has(key);
    if (change.type === "ADDED" && known) this.anomalies.push(`duplicate ADDED ${key}`);
    if (change.type !== "ADDED" && !known) this.anomalies.push(`${change.type} of unknown ${key}`);
    if (change.type === "DELETED") this.objects.delete(key);
    else this.objects.set(key, change.object.metadata?.resourceVersion ?? "");
  };

  keys(kind: WatchedKind): string[] {
    const prefix = `${kind}:`;
    return [...this.objects].filter(([key]) => key.startsWith(prefix)).map(([key, rv]) => `${key.slice(prefix.length)}@${rv}`).sort();
  }

  saw(kind: WatchedKind, type: CacheChange["type"], namespace: string, name: string): boolean {
    return this.changes.some((c) => c.kind === kind && c.type === type && c.namespace === namespace && c.name === name);
  }
}

let t: TestCluster;
let cache: WatchCache;
const mirror = new FeedMirror();
const betaChanges: CacheChange[] = [];

async function kubectl(args: string[], stdin?: string): Promise<string> {
  const r = await t.kubectl(args, stdin === undefined ? {} : { stdin });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** A fresh cluster-wide list straight from the API server, as namespace/name@resourceVersion. */
async function apiKeys(kind: WatchedKind): Promise<string[]> {
  const res = await fetch(`${t.cluster.url}${PATHS[kind]}`, { headers: { Authorization: `Bearer ${t.cluster.adminToken}` } });
  if (!res.ok) throw new Error(`list ${kind}: ${res.status}`);
  const list = (await res.json()) as { items: { metadata: { namespace?: string; name: string; resourceVersion: string } }[] };
  return list.items.map((o) => `${o.metadata.namespace ?? ""}/${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
}

function cacheKeys(kind: WatchedKind): string[] {
  return cache
    .listAll(kind)
    .map((o) => `${o.metadata?.namespace ?? ""}/${o.metadata?.name}@${o.metadata?.resourceVersion}`)
    .sort();
}

/** Waits until, for every kind, the cache and the feed mirror both equal a fresh list from the API server.
 *  The cluster keeps changing (controllers, kubelets), so equality is awaited rather than sampled once. */
async function expectConvergedWithApi(what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  let diff = "";
  for (;;) {
    diff = "";
    for (const kind of WATCHED_KINDS) {
      const api = JSON.stringify(await apiKeys(kind));
      if (JSON.stringify(cacheKeys(kind)) !== api) diff += `\ncache ${kind}: ${JSON.stringify(cacheKeys(kind))}\n  api ${kind}: ${api}`;
      if (JSON.stringify(mirror.keys(kind)) !== api) diff += `\nfeed ${kind}: ${JSON.stringify(mirror.keys(kind))}\n api ${kind}: ${api}`;
    }
    if (!diff) break;
    if (Date.now() > deadline) throw new Error(`${what}: the cache did not converge with the API server:${diff}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  expect(mirror.anomalies).toEqual([]);
}

beforeAll(async () => {
  t = await startTestCluster({ nodes: 2 });
  // State that exists before the cache starts: it must come from the first list.
  await kubectl(["create", "namespace", "t-alpha"]);
  await kubectl(["create", "namespace", "t-beta"]);
  await kubectl(["apply", "-f", "-"], deploymentYaml("t-alpha", "web", 3));
  await kubectl(["-n", "t-alpha", "create", "service", "clusterip", "web", "--tcp=80:80"]);
  cache = createWatchCache(loadConfig(), { log: quiet, pageSize: 7 });
  cache.subscribe(mirror.apply);
  cache.subscribeNamespace("t-beta", (change) => betaChanges.push(change));
  await cache.ready();
});

afterAll(async () => {
  await cache?.stop();
  await t?.stop();
});

describe("watch cache", () => {
  it("lists what exists when it starts, page by page, and then equals the API server", async () => {
    expect(cache.isSynced()).toBe(true);
    expect(cache.get("deployments", "t-alpha", "web")?.spec?.replicas).toBe(3);
    expect(cache.get("services", "t-alpha", "web")?.spec?.ports?.[0]?.port).toBe(80);
    expect(cache.namespaces().map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(["default", "t-alpha", "t-beta"]));
    expect(cache.get("namespaces", "", "t-alpha")?.kind).toBe("Namespace");
    expect(cache.list("deployments", "t-nobody")).toEqual([]);
    await t.waitFor(() => cache.list("pods", "t-alpha").length === 3, 20_000, "3 pods of web in the cache");
    await expectConvergedWithApi("initial sync");
    for (const stat of cache.stats()) expect(stat).toMatchObject({ synced: true, relists: 0 });

    // One cluster-wide list per kind, in pages, then a watch from the list's resourceVersion with bookmarks.
    const res = await fetch(`${t.cluster.url}/_sim/requests`, { headers: { Authorization: `Bearer ${t.cluster.adminToken}` } });
    const requests = ((await res.json()) as { items: { method: string; path: string; query: Record<string, string> }[] }).items;
    const eventLists = requests.filter((r) => r.path === "/api/v1/events" && r.query.watch === undefined);
    expect(eventLists[0].query).toMatchObject({ limit: "7" });
    expect(eventLists.some((r) => r.query.continue)).toBe(true);
    const podWatch = requests.find((r) => r.path === "/api/v1/pods" && r.query.watch === "true");
    expect(podWatch?.query).toMatchObject({ allowWatchBookmarks: "true", resourceVersion: expect.stringMatching(/^\d+$/) });
    expect(requests.some((r) => r.path.startsWith("/api/v1/namespaces/") && r.path.endsWith("/pods"))).toBe(false);
  });

  it("moves a quiet kind's resourceVersion forward with bookmarks, so its resume stays inside the history", async () => {
    const statefulSets = () => cache.stats().find((s) => s.kind === "statefulsets")!;
    const listed = statefulSets().resourceVersion;
    expect(cache.listAll("statefulsets")).toEqual([]);
    await t.waitFor(() => Number(statefulSets().resourceVersion) > Number(listed), 15_000, "a bookmark on the statefulsets watch");
    expect(statefulSets().lastEventAt).not.toBeNull();
  });

  it("hands out one shared, frozen, name-sorted list per namespace until it changes", () => {
    const first = cache.list("pods", "t-alpha");
    expect(cache.list("pods", "t-alpha")).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const names = first.map((p) => p.metadata?.name ?? "");
    expect(names).toEqual([...names].sort());
  });

  it("keeps timestamps as strings and drops the last-applied annotation and managedFields", async () => {
    const raw = await (await fetch(`${t.cluster.url}/apis/apps/v1/namespaces/t-alpha/deployments/web`, { headers: { Authorization: `Bearer ${t.cluster.adminToken}` } })).json();
    expect(raw.metadata.annotations[LAST_APPLIED_ANNOTATION]).toContain('"GREETING"');
    const cached = cache.get("deployments", "t-alpha", "web")!;
    expect(cached.metadata?.annotations?.[LAST_APPLIED_ANNOTATION]).toBeUndefined();
    expect(cached.metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBe("1");
    expect(typeof cached.metadata?.creationTimestamp).toBe("string");
    for (const kind of WATCHED_KINDS) {
      for (const object of cache.listAll(kind)) {
        expect(object.metadata).not.toHaveProperty("managedFields");
        expect(object.metadata?.annotations?.[LAST_APPLIED_ANNOTATION]).toBeUndefined();
        expect(typeof object.metadata?.creationTimestamp).toBe("string");
      }
    }
  });

  it("finds a deployment's pods through its ReplicaSet by owner uid", async () => {
    const deployment = cache.get("deployments", "t-alpha", "web")!;
    const replicaSets = cache.listByOwner("replicasets", "t-alpha", deployment.metadata!.uid!);
    expect(replicaSets).toHaveLength(1);
    const pods = cache.listByOwner("pods", "t-alpha", replicaSets[0].metadata!.uid!);
    expect(pods.map((p) => p.metadata?.name).sort()).toEqual(cache.list("pods", "t-alpha").map((p) => p.metadata?.name).sort());
    expect(pods).toHaveLength(3);
    // Another namespace never sees them, even when asked with the right uid.
    expect(cache.listByOwner("pods", "t-beta", replicaSets[0].metadata!.uid!)).toEqual([]);
  });

  it("passes on creations, updates and deletions made with kubectl, and only a namespace's own to its subscribers", async () => {
    const from = mirror.changes.length;
    await kubectl(["apply", "-f", "-"], deploymentYaml("t-beta", "api", 1));
    await t.waitFor(() => cache.get("deployments", "t-beta", "api"), 10_000, "t-beta/api in the cache");
    await kubectl(["-n", "t-beta", "scale", "deployment", "api", "--replicas=2"]);
    await t.waitFor(() => cache.list("pods", "t-beta").length === 2, 20_000, "2 pods of t-beta/api");
    await kubectl(["-n", "t-beta", "create", "service", "clusterip", "api", "--tcp=8080:8080"]);
    await kubectl(["-n", "t-beta", "delete", "service", "api"]);
    await t.waitFor(() => mirror.saw("services", "DELETED", "t-beta", "api"), 10_000, "the service's deletion in the feed");

    const recent = mirror.changes.slice(from);
    const of = (kind: WatchedKind, name: string) => recent.filter((c) => c.kind === kind && c.namespace === "t-beta" && c.name === name);
    expect(of("deployments", "api")[0]?.type).toBe("ADDED");
    const scaled = of("deployments", "api").find((c) => c.kind === "deployments" && c.type === "MODIFIED" && c.object.spec?.replicas === 2 && c.old?.spec?.replicas === 1);
    expect(scaled).toBeDefined();
    expect(of("services", "api").map((c) => c.type)).toEqual(["ADDED", "DELETED"]);
    expect(cache.get("services", "t-beta", "api")).toBeUndefined();

    expect(betaChanges.length).toBeGreaterThan(0);
    expect(betaChanges.every((c) => c.namespace === "t-beta" || (c.kind === "namespaces" && c.name === "t-beta"))).toBe(true);
    expect(betaChanges.some((c) => c.kind === "pods" && c.type === "ADDED")).toBe(true);
    await expectConvergedWithApi("after kubectl changes");
  });

  it("resumes from its resourceVersion after the server drops every watch, missing nothing made meanwhile", async () => {
    const restartsBefore = cache.stats().reduce((sum, s) => sum + s.restarts, 0);
    await t.fault({ action: "drop-watches" });
    // Made at once, while the watches are being re-opened.
    await kubectl(["-n", "t-alpha", "scale", "deployment", "web", "--replicas=1"]);
    await kubectl(["-n", "t-beta", "create", "service", "clusterip", "after-drop", "--tcp=81:81"]);
    await t.waitFor(() => cache.get("services", "t-beta", "after-drop"), 10_000, "the service made after the drop");
    await t.waitFor(() => cache.list("pods", "t-alpha").length === 1, 20_000, "web scaled down to 1 pod");
    expect(cache.stats().reduce((sum, s) => sum + s.restarts, 0)).toBeGreaterThanOrEqual(restartsBefore + WATCHED_KINDS.length);
    expect(cache.stats().every((s) => s.relists === 0)).toBe(true);
    expect(mirror.saw("services", "ADDED", "t-beta", "after-drop")).toBe(true);
    await expectConvergedWithApi("after drop-watches");
  });

  it("re-lists after 410 Expired and emits the difference for changes made while it was cut off", async () => {
    const api = t.cluster.api;
    const from = mirror.changes.length;
    const gone = cache.get("services", "t-beta", "after-drop")!;
    // Cut the cache off (its reconnects fail), change the cluster, forget history, then let it back in: its
    // resume is now too old, so it gets 410 and must re-list.
    await t.fault({ action: "fail-requests", fraction: 1, status: 503 });
    await t.fault({ action: "drop-watches" });
    api.delete("services", "t-beta", "after-drop");
    api.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "born-offline", namespace: "t-alpha" }, spec: { ports: [{ port: 82 }] } });
    api.patch("deployments", "t-alpha", "web", "merge", { metadata: { labels: { tier: "front" } } });
    api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "t-gamma" } });
    // Same name, new object: subscribers must see the old one go and the new one come.
    const replaced = api.get("services", "t-alpha", "web")!;
    api.delete("services", "t-alpha", "web");
    api.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "t-alpha" }, spec: { ports: [{ port: 8081 }] } });
    await new Promise((resolve) => setTimeout(resolve, 600));
    await t.fault({ action: "compact" });
    await t.fault({ action: "fail-requests", fraction: 0 });

    await t.waitFor(() => cache.stats().some((s) => s.relists > 0) && cache.get("namespaces", "", "t-gamma"), 20_000, "a re-list after 410");
    await expectConvergedWithApi("after a forced 410");

    const recent = mirror.changes.slice(from);
    const find = (kind: WatchedKind, type: string, ns: string, name: string) => recent.filter((c) => c.kind === kind && c.type === type && c.namespace === ns && c.name === name);
    expect(find("services", "DELETED", "t-beta", "after-drop")).toHaveLength(1);
    expect(find("services", "DELETED", "t-beta", "after-drop")[0].object.metadata?.uid).toBe(gone.metadata?.uid);
    expect(find("services", "ADDED", "t-alpha", "born-offline")).toHaveLength(1);
    expect(find("namespaces", "ADDED", "", "t-gamma")).toHaveLength(1);
    const relabelled = find("deployments", "MODIFIED", "t-alpha", "web").at(-1);
    expect(relabelled?.object.metadata?.labels?.tier).toBe("front");
    expect(relabelled?.old?.metadata?.labels?.tier).toBeUndefined();
    const webChanges = recent.filter((c) => c.kind === "services" && c.namespace === "t-alpha" && c.name === "web").map((c) => `${c.type} ${c.object.metadata?.uid}`);
    expect(webChanges).toEqual([`DELETED ${replaced.metadata.uid}`, `ADDED ${api.get("services", "t-alpha", "web")!.metadata.uid}`]);
    expect(cache.get("services", "t-alpha", "web")?.spec?.ports?.[0]?.port).toBe(8081);
    // The new namespace's own change reaches its subscribers; t-beta's subscriber saw its service go.
    expect(betaChanges.some((c) => c.kind === "services" && c.type === "DELETED" && c.name === "after-drop")).toBe(true);
    const stat = cache.stats().find((s) => s.kind === "services")!;
    expect(stat.relists).toBeGreaterThanOrEqual(1);
    expect(stat.lastError).not.toBeNull();
  });

  it("keeps watching after recovering: a change made now still arrives", async () => {
    await kubectl(["-n", "t-alpha", "delete", "service", "born-offline"]);
    await t.waitFor(() => cache.get("services", "t-alpha", "born-offline") === undefined, 10_000, "born-offline gone from the cache");
    await expectConvergedWithApi("after recovery");
  });

  it("stops every watch", async () => {
    const other = createWatchCache(loadConfig(), { log: quiet, kinds: ["namespaces"] });
    await other.ready();
    await other.stop();
    await kubectl(["create", "namespace", "t-after-stop"]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(other.get("namespaces", "", "t-after-stop")).toBeUndefined();
    expect(() => other.list("pods", "t-alpha")).toThrow(/does not watch pods/);
  });
});

function loadConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(t.kubeconfigPath);
  return kubeConfig;
}

// The simulator reports an expired resourceVersion in the stream; a real API server may also answer the watch
// request itself with HTTP 410, and any watch can end with another ERROR (an etcd leader change). A scripted
// server shows the cache re-lists on the first and resumes from its resourceVersion on the second.
describe("watch cache against a server that answers 410 over HTTP and errors in the stream", () => {
  let server: Server;
  let scripted: WatchCache;
  const seen: string[] = [];
  const watchVersions: string[] = [];
  let lists = 0;

  const ns = (name: string, rv: string) => ({ metadata: { name, uid: `uid-${name}`, resourceVersion: rv, creationTimestamp: "2026-01-01T00:00:00Z" } });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname !== "/api/v1/namespaces") {
        res.writeHead(404).end();
        return;
      }
      if (url.searchParams.get("watch") !== "true") {
        lists++;
        const body = lists === 1 ? { metadata: { resourceVersion: "10" }, items: [ns("a", "5")] } : { metadata: { resourceVersion: "20" }, items: [ns("b", "15")] };
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
        return;
      }
      const rv = url.searchParams.get("resourceVersion") ?? "";
      watchVersions.push(rv);
      if (rv === "10") {
        res.writeHead(410, { "Content-Type": "application/json" }).end(JSON.stringify({ kind: "Status", status: "Failure", reason: "Expired", code: 410, message: "too old resource version: 10 (18)" }));
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      if (watchVersions.filter((v) => v === "20").length === 1) {
        res.end(`${JSON.stringify({ type: "ERROR", object: { kind: "Status", status: "Failure", reason: "InternalError", code: 500, message: "etcdserver: leader changed" } })}\n`);
        return;
      }
      res.write(`${JSON.stringify({ type: "ADDED", object: { kind: "Namespace", apiVersion: "v1", ...ns("c", "21") } })}\n`);
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
    scripted = createWatchCache(kubeConfig, { log: quiet, kinds: ["namespaces"], backoffInitialMs: 10 });
    scripted.subscribe((c) => seen.push(`${c.type} ${c.name}`));
    await scripted.ready();
  });

  afterAll(async () => {
    await scripted?.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("re-lists on HTTP 410 and resumes after an in-stream error without re-listing", async () => {
    await t.waitFor(() => scripted.get("namespaces", "", "c"), 10_000, "namespace c from the third watch");
    expect(scripted.namespaces().map((n) => n.metadata?.name)).toEqual(["b", "c"]);
    expect(seen).toEqual(["ADDED a", "DELETED a", "ADDED b", "ADDED c"]);
    expect(watchVersions).toEqual(["10", "20", "20"]);
    expect(lists).toBe(2);
    const [stat] = scripted.stats();
    expect(stat).toMatchObject({ kind: "namespaces", objects: 2, relists: 1, restarts: 1, synced: true, resourceVersion: "21" });
    expect(stat.lastError).toContain("leader changed");
  });
});
