// The API server misbehaving in the middle of a rolling upgrade, as the console sees it: every watch dropped, a
// forced 410 (history compacted while the console was cut off), and the API server process restarted from its
// saved state on the same port. Through all three the BFF's watch cache recovers on its own (resumes or re-lists),
// the tenant's SSE stream keeps delivering (the open one goes on; a tab that reconnects with Last-Event-ID gets a
// replay or a resync notice), and the data ends equal to the API server's, with the rollout finished. The seconds
// each recovery took are printed (no time limit is asserted: the figures go to bench/results/faults.md).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantChangeNotice } from "@/lib/contracts/workloads";
import { setWatchCacheForTests } from "@/lib/server/kubernetes/get-watch-cache";
import { createWatchCache, type WatchCache } from "@/lib/server/kubernetes/watch-cache";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";
import { startCluster, type ClusterOptions, type RunningCluster } from "@/scripts/test-support/test-cluster";
import { streamTenantEvents } from "./stream-tenant-events";
import { freePort } from "@/scripts/test-support/free-port";
import { readSseNotices } from "@/scripts/test-support/read-sse-notices";

const NAMESPACE = "t-acme";
const tenant: ResolvedTenant = { id: "00000000-0000-4000-8000-000000000001", slug: "acme", name: "Acme", namespace: NAMESPACE, status: "active", planName: "free" };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const KINDS = ["deployments", "replicasets", "pods"] as const;

let dir: string;
let options: ClusterOptions;
let cluster: RunningCluster;
let cache: WatchCache;
const recoverySeconds: Record<string, number> = {};


async function fault(action: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${cluster.url}/_sim/faults`, {
    method: "POST",
    headers: { authorization: `Bearer ${cluster.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify(action),
  });
  if (!response.ok) throw new Error(`fault ${JSON.stringify(action)}: ${response.status} ${await response.text()}`);
}

async function eventually<T>(check: () => T | undefined | false, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const keysOf = (objects: readonly { metadata?: { name?: string; resourceVersion?: string } }[]) =>
  objects.map((object) => `${object.metadata?.name}@${object.metadata?.resourceVersion}`).sort().join(",");

/** The tenant's deployments, ReplicaSets and pods in the cache equal the API server's, name and resourceVersion. */
function cacheEqualsServer(): boolean {
  return KINDS.every((kind) => cache.isSynced(kind) && keysOf(cache.list(kind, NAMESPACE)) === keysOf(cluster.api.list(kind, { namespace: NAMESPACE })));
}

/** Waits for the cache to equal the server again and records how long that took since `since`. */
async function recovered(what: string, since: number): Promise<void> {
  await eventually(() => cacheEqualsServer(), `the cache to equal the API server after ${what}`);
  recoverySeconds[what] = Math.round((performance.now() - since) / 100) / 10;
}

function rolledOutTo(image: string): boolean {
  const deployment = cluster.api.get("deployments", NAMESPACE, "web");
  const status = deployment?.status ?? {};
  const pods = cluster.api.list("pods", { namespace: NAMESPACE }).filter((pod) => !pod.metadata.deletionTimestamp);
  return (
    status.observedGeneration === deployment?.metadata.generation &&
    status.updatedReplicas === 4 &&
    status.availableReplicas === 4 &&
    status.replicas === 4 &&
    pods.length === 4 &&
    pods.every((pod) => pod.spec?.containers?.[0]?.image === image && pod.status?.phase === "Running")
  );
}

function startRollout(image: string): void {
  cluster.api.patch("deployments", NAMESPACE, "web", "strategic", { spec: { template: { spec: { containers: [{ name: "app", image }] } } } });
}

/** A browser tab's EventSource, reduced to what it keeps: the notices, and the last id for a reconnect. */
function openStream(lastEventId?: string) {
  const abort = new AbortController();
  const headers: Record<string, string> = lastEventId ? { "last-event-id": lastEventId } : {};
  const notices: TenantChangeNotice[] = [];
  const response = streamTenantEvents(tenant, new Request(`http://127.0.0.1:3000/api/v1/tenants/acme/events`, { headers, signal: abort.signal }));
  const done = readSseNotices<TenantChangeNotice>(response.body!, (notice) => notices.push(notice));
  return {
    notices,
    lastId: () => notices.at(-1)?.id,
    async close() {
      abort.abort();
      await done;
    },
  };
}

/** The summary the stream last sent for web: what a tab showing the workload list displays. */
function lastSummaryOfWeb(notices: TenantChangeNotice[]) {
  return notices.filter((notice) => notice.resource === "workload" && notice.name === "web" && notice.summary).at(-1)?.summary;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "apiary-cluster-faults-"));
  options = {
    port: await freePort(),
    nodes: 2,
    speed: 20,
    kubeconfigPath: join(dir, "kubeconfig"),
    statePath: join(dir, "sim-state.json"),
    // As start-test-cluster: a busy machine must not make nodes look lost.
    timings: { nodeGraceMs: 3_600_000 },
  };
  cluster = await startCluster(options);
  cluster.api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } });
  cluster.api.create("deployments", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: NAMESPACE },
    spec: {
      replicas: 4,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "app", image: "nginx:1.25", resources: { requests: { cpu: "50m", memory: "32Mi" } } }] },
      },
    },
  });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(options.kubeconfigPath!);
  // The production defaults (backoff 250 ms → 10 s), so the seconds measured are what an operator would see.
  cache = createWatchCache(kubeConfig, { log: quiet });
  setWatchCacheForTests(cache);
  await cache.ready();
  await eventually(() => rolledOutTo("nginx:1.25") && cacheEqualsServer(), "web to run 4 pods of nginx:1.25");
}, 180_000);

afterAll(async () => {
  setWatchCacheForTests(undefined);
  await cache?.stop();
  await cluster?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  const figures = Object.entries(recoverySeconds).map(([what, seconds]) => `${what}: ${seconds} s`);
  if (figures.length) console.log(`seconds to recover (cache equal to the API server again): ${figures.join("; ")}`);
});

describe("the API server failing during a rolling upgrade", () => {
  it("recovers from every watch being dropped mid-rollout: the cache resumes, the open stream goes on, a reconnect is replayed", async () => {
    const open = openStream();
    const away = openStream();
    startRollout("nginx:1.26");
    await eventually(() => away.notices.length > 0 && cluster.api.get("deployments", NAMESPACE, "web")?.status?.updatedReplicas >= 1, "the rollout to start");
    const leftAt = away.lastId()!;
    await away.close();

    const restartsBefore = cache.stats().reduce((sum, stat) => sum + stat.restarts, 0);
    const faultAt = performance.now();
    await fault({ action: "drop-watches" });
    await recovered("all watches dropped", faultAt);
    expect(cache.stats().reduce((sum, stat) => sum + stat.restarts, 0)).toBeGreaterThan(restartsBefore);

    await eventually(() => rolledOutTo("nginx:1.26"), "the rollout to finish");
    await eventually(() => cacheEqualsServer(), "the cache to equal the server after the rollout");
    // The tab that was away reconnects with its last id: it is told what it missed, or told to refetch.
    const back = openStream(leftAt);
    await eventually(() => back.notices.length > 0, "the reconnected tab's first notices");
    const first = back.notices[0];
    if (first.type !== "resync") expect(back.notices.some((notice) => notice.resource === "workload" && notice.name === "web")).toBe(true);
    // The tab that stayed shows the finished rollout.
    await eventually(() => lastSummaryOfWeb(open.notices)?.replicas.updated === 4 && lastSummaryOfWeb(open.notices)?.replicas.total === 4, "the open stream to show 4 updated of 4");
    await back.close();
    await open.close();
  });

  it("re-lists after a forced 410 mid-rollout and sends the open stream the changes it missed", async () => {
    const open = openStream();
    const relistsBefore = cache.stats().reduce((sum, stat) => sum + stat.relists, 0);
    // Cut the cache off (its reconnects fail), let the rollout move on, forget the history, then let it back in:
    // its resume is too old (410 Expired), so it must list again and emit the difference.
    await fault({ action: "fail-requests", fraction: 1, status: 503 });
    await fault({ action: "drop-watches" });
    startRollout("nginx:1.27");
    await eventually(() => cluster.api.get("deployments", NAMESPACE, "web")?.status?.updatedReplicas >= 2, "the rollout to move on while the cache is cut off");
    await fault({ action: "compact" });
    const faultAt = performance.now();
    await fault({ action: "fail-requests", fraction: 0 });
    await recovered("forced 410 (history compacted)", faultAt);
    expect(cache.stats().reduce((sum, stat) => sum + stat.relists, 0)).toBeGreaterThan(relistsBefore);

    await eventually(() => rolledOutTo("nginx:1.27"), "the rollout to finish");
    await eventually(() => cacheEqualsServer(), "the cache to equal the server after the rollout");
    await eventually(
      () => open.notices.some((notice) => notice.resource === "pod" && notice.pod?.image === "nginx:1.27") || open.notices.some((notice) => notice.type === "resync"),
      "the open stream to learn of the new pods",
    );
    await eventually(() => lastSummaryOfWeb(open.notices)?.replicas.updated === 4 && lastSummaryOfWeb(open.notices)?.replicas.total === 4, "the open stream to show 4 updated of 4");
    await open.close();
  });

  it("recovers when the API server process restarts from its saved state mid-rollout", async () => {
    const open = openStream();
    startRollout("nginx:1.28");
    await eventually(() => cluster.api.get("deployments", NAMESPACE, "web")?.status?.updatedReplicas >= 1, "the rollout to start");
    // What `npm start`'s supervisor does on a crash: the process ends (state saved), a new one starts on the same
    // port from the state file, and its controllers carry the rollout on.
    await cluster.stop();
    const downSince = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    cluster = await startCluster(options);
    const upAt = performance.now();
    await recovered("API server restarted (from its start)", upAt);
    recoverySeconds["API server restarted (from its stop, 1 s down)"] = Math.round((performance.now() - downSince) / 100) / 10;

    await eventually(() => rolledOutTo("nginx:1.28"), "the rollout to finish after the restart");
    await eventually(() => cacheEqualsServer(), "the cache to equal the restarted server after the rollout");
    await eventually(() => lastSummaryOfWeb(open.notices)?.replicas.updated === 4 && lastSummaryOfWeb(open.notices)?.replicas.total === 4, "the open stream to show 4 updated of 4");
    // A change made now still arrives: the cache watches the new process.
    cluster.api.patch("deployments", NAMESPACE, "web", "merge", { spec: { replicas: 3 } });
    await eventually(() => lastSummaryOfWeb(open.notices)?.replicas.desired === 3, "a scale made after the restart to reach the stream");
    await open.close();
  });
});
