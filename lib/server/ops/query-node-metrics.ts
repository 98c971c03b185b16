import "server-only";
import type { OpsNodeMetrics } from "@/lib/contracts/ops-monitoring";
import type { MetricsRange } from "@/lib/contracts/tenant-metrics";
import { parseCpuMillicores, parseMemoryMiB } from "@/lib/server/deployments/parse-quantity";
import { apiaryClients } from "@/lib/server/kubernetes/cluster-clients";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import { toApiError } from "@/lib/server/kubernetes/to-api-error";
import { nodeScrapeStates } from "@/lib/server/metrics/node-scrape-states";
import { podSpecResources } from "@/lib/server/metrics/pod-spec-resources";
import { ageOfSeries, readTargetSeries } from "@/lib/server/metrics/read-target-series";
import { sumAmounts } from "@/lib/server/metrics/sum-amounts";

const MIB = 1024 * 1024;

/** One node's charts: its usage over the range, what its pods request, what it can hold, and its scrape state. */
export async function queryNodeMetrics(nodeName: string, range: MetricsRange, nowMs = Date.now()): Promise<OpsNodeMetrics> {
  const cache = getSyncedWatchCacheOrThrow();
  let node;
  try {
    node = await apiaryClients().core.readNode({ name: nodeName });
  } catch (error) {
    throw toApiError(error, `reading node ${nodeName.slice(0, 253)}`);
  }
  const pods = cache.listAll("pods").filter((pod) => pod.spec?.nodeName === nodeName && pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed");
  const state = (await nodeScrapeStates()).find((s) => s.node === nodeName);
  const { series, source, stepSeconds } = await readTargetSeries(`node:${nodeName}`, range, nowMs);
  const millicores = parseCpuMillicores(node.status?.allocatable?.cpu);
  const mib = parseMemoryMiB(node.status?.allocatable?.memory);
  return {
    node: nodeName,
    range,
    stepSeconds,
    source,
    ageSeconds: ageOfSeries(series, nowMs),
    stale: state?.stale ?? false,
    lastScrapeAt: state?.lastSuccessMs ? new Date(state.lastSuccessMs).toISOString() : null,
    lastError: state?.lastError ?? null,
    pods: pods.length,
    allocatable: { cpuCores: millicores === null ? null : millicores / 1000, memoryBytes: mib === null ? null : mib * MIB },
    requested: sumAmounts(pods.map((pod) => podSpecResources(pod.spec).requests)),
    series,
  };
}
