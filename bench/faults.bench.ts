// `npm run bench -- faults [repeats]`: seconds for the BFF's watch cache (production settings: backoff 250 ms → 10 s)
// to show a change made right after each API-server fault — every watch dropped, a forced 410 (history compacted
// while the cache was cut off), and the API server process restarted from its state file on the same port — against
// the simulated cluster running 10 tenant namespaces × 5 pods. Each fault is repeated; median and worst are kept.
// The behaviour itself (nothing lost or duplicated, the SSE stream resuming) is tested in
// lib/server/deployments/cluster-faults.integration.test.ts; this records how long it takes.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { createWatchCache, type WatchCache } from "../lib/server/kubernetes/watch-cache";
import { startCluster, type ClusterOptions, type RunningCluster } from "../sim/cluster";
import type { BenchFigure, BenchResult } from "./run";
import { freePort } from "../scripts/test-support/free-port";

const NAMESPACES = 10;
const REPLICAS = 5;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };


function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function until(what: string, check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export default async function faultsBench(args: string[]): Promise<BenchResult> {
  const repeats = Math.max(1, Number(args[0] ?? 3));
  const dir = await mkdtemp(join(tmpdir(), "apiary-faults-bench-"));
  const options: ClusterOptions = {
    port: await freePort(),
    nodes: 3,
    speed: 20,
    kubeconfigPath: join(dir, "kubeconfig"),
    statePath: join(dir, "sim-state.json"),
    timings: { nodeGraceMs: 3_600_000 },
  };
  let cluster: RunningCluster = await startCluster(options);
  let cache: WatchCache | undefined;
  const fault = async (action: Record<string, unknown>) => {
    const response = await fetch(`${cluster.url}/_sim/faults`, { method: "POST", headers: { authorization: `Bearer ${cluster.adminToken}`, "content-type": "application/json" }, body: JSON.stringify(action) });
    if (!response.ok) throw new Error(`fault ${JSON.stringify(action)}: ${response.status}`);
  };
  let mark = 0;
  /** Labels a deployment with a new value and returns a check that the cache shows it. */
  const change = () => {
    const value = `v${++mark}`;
    const namespace = `t-bench-${mark % NAMESPACES}`;
    cluster.api.patch("deployments", namespace, "web", "merge", { metadata: { labels: { mark: value } } });
    return () => cache!.get("deployments", namespace, "web")?.metadata?.labels?.mark === value;
  };
  const seconds: Record<string, number[]> = { "all watches dropped": [], "forced 410": [], "API server restarted (from back up)": [], "API server restarted (from stop, 1 s down)": [] };
  try {
    for (let i = 0; i < NAMESPACES; i++) {
      const namespace = `t-bench-${i}`;
      cluster.api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
      cluster.api.create("deployments", {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace },
        spec: {
          replicas: REPLICAS,
          selector: { matchLabels: { app: "web" } },
          template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx:1.27", resources: { requests: { cpu: "50m", memory: "32Mi" } } }] } },
        },
      });
    }
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(options.kubeconfigPath!);
    cache = createWatchCache(kubeConfig, { log: quiet });
    await cache.ready();
    await until("every pod to run", () => cache!.listAll("pods").filter((pod) => pod.status?.phase === "Running").length === NAMESPACES * REPLICAS);

    for (let round = 0; round < repeats; round++) {
      await fault({ action: "drop-watches" });
      let started = performance.now();
      let seen = change();
      await until("a change after the drop", seen);
      seconds["all watches dropped"].push((performance.now() - started) / 1000);

      await fault({ action: "fail-requests", fraction: 1, status: 503 });
      await fault({ action: "drop-watches" });
      seen = change();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await fault({ action: "compact" });
      started = performance.now();
      await fault({ action: "fail-requests", fraction: 0 });
      await until("the change made while cut off (a re-list after 410)", seen);
      seconds["forced 410"].push((performance.now() - started) / 1000);

      await cluster.stop();
      const stoppedAt = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      cluster = await startCluster(options);
      const upAt = performance.now();
      seen = change();
      await until("a change made on the restarted API server", seen);
      seconds["API server restarted (from back up)"].push((performance.now() - upAt) / 1000);
      seconds["API server restarted (from stop, 1 s down)"].push((performance.now() - stoppedAt) / 1000);
    }
  } finally {
    await cache?.stop();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const figures: BenchFigure[] = [];
  for (const [what, values] of Object.entries(seconds)) {
    figures.push({ name: `${what}: median`, value: median(values), unit: "s" });
    figures.push({ name: `${what}: worst of ${values.length}`, value: Math.max(...values), unit: "s" });
  }
  return {
    figures,
    notes:
      `Seconds until the BFF's watch cache shows a change made right after the fault, ${repeats} rounds, against the simulated cluster ` +
      `(3 nodes, ${NAMESPACES} namespaces × ${REPLICAS} pods, clock ×20), with the cache's production backoff (250 ms doubling to 10 s). ` +
      `The restart stops the API server process (state saved) and starts a new one on the same port from its state file.`,
    parameters: { repeats, namespaces: NAMESPACES, replicas: REPLICAS },
  };
}
