import "server-only";
import { getDatabase } from "@/lib/server/db/get-database";
import { getEnv } from "@/lib/server/env";
import { getWatchCache } from "@/lib/server/kubernetes/get-watch-cache";
import { getKubeConfig } from "@/lib/server/kubernetes/kube-config";
import { logger } from "@/lib/server/logger";
import { onShutdown } from "@/lib/server/shutdown/graceful-shutdown";
import type { MetricsCollectorOptions } from "./metrics-collector";
import { listNodesFresh } from "./list-nodes-recent";
import { MetricsService } from "./metrics-service";
import { watchCacheTopology } from "./watch-cache-topology";

// One metrics service per server process, on globalThis like the watch cache (Next may load this module more than
// once), so the query layer reads the same in-memory hour the collector fills.

const KEY = Symbol.for("apiary.metricsService");
type Holder = { [KEY]?: MetricsService };
const holder = globalThis as Holder;

/** The process's metrics service, or undefined before boot started it. */
export function getMetricsService(): MetricsService | undefined {
  return holder[KEY];
}

/** The collector's wiring to the cluster Apiary uses: its own credentials for nodes, the watch cache for topology. */
export function clusterCollectorOptions(): Omit<MetricsCollectorOptions, "window" | "intervalMs"> {
  return {
    kubeConfig: getKubeConfig(),
    listNodes: async () => (await listNodesFresh()).map((node) => node.metadata?.name ?? "").filter(Boolean),
    topology: watchCacheTopology(getWatchCache),
  };
}

/** Starts the service once (boot-server); later calls return the running one. Never throws. */
export function startMetricsService(): MetricsService {
  const existing = holder[KEY];
  if (existing) return existing;
  const service = new MetricsService({
    database: async () => (await getDatabase()).db,
    intervalMs: getEnv().APIARY_METRICS_INTERVAL_SECONDS * 1000,
    collector: clusterCollectorOptions,
    onError: (error) => logger().warn({ err: error }, "metrics collector tick failed"),
  });
  holder[KEY] = service;
  service.start();
  // A stopping server writes the minute in progress and gives the lease up, so a standby collects at its next tick.
  onShutdown("metrics collector", () => service.stop());
  return service;
}

/** Tests hand in their own service; `undefined` forgets it without stopping it. */
export function setMetricsServiceForTests(service: MetricsService | undefined): void {
  holder[KEY] = service;
}
