import "server-only";
import type { ClusterMetrics, MetricsRange, ResourceAmounts } from "@/lib/contracts/tenant-metrics";
import { parseCpuMillicores, parseMemoryMiB } from "@/lib/server/deployments/parse-quantity";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import { toApiError } from "@/lib/server/kubernetes/to-api-error";
import { nodeScrapeStates } from "./node-scrape-states";
import { podSpecResources } from "./pod-spec-resources";
import { getMetricsService } from "./get-metrics-service";
import { listNodesRecent } from "./list-nodes-recent";
import { lastPresent, sumAmounts } from "./sum-amounts";
import { ageOfSeries, RANGE_MS, readTargetSeries, sourceOfRange } from "./read-target-series";

// The operators' capacity view: per node what the scheduler may place (allocatable, from the Node objects), what
// pods asked for (requests, from the watch cache) and what they use (the newest scraped value in the range).

const MIB = 1024 * 1024;

// A pod's requests, parsed once per spec object: the watch cache replaces an object on every change, never edits it,
// so a capacity view over 30,000 pods does not parse 30,000 quantities again on every request.
const requestsBySpec = new WeakMap<object, ResourceAmounts>();
function requestsOf(spec: Parameters<typeof podSpecResources>[0] & object): ResourceAmounts {
  let requests = requestsBySpec.get(spec);
  if (!requests) requestsBySpec.set(spec, (requests = podSpecResources(spec).requests));
  return requests;
}

/** A node's newest used CPU and memory in the range: straight from the in-memory hour when it is the source. */
async function newestUsed(key: string, range: MetricsRange, nowMs: number): Promise<ResourceAmounts> {
  if (sourceOfRange(range) === "memory") {
    const window = getMetricsService()!.window;
    const fromMs = nowMs - RANGE_MS[range];
    return { cpuCores: window.newestValue(key, "cpuCores", fromMs, nowMs), memoryBytes: window.newestValue(key, "memoryBytes", fromMs, nowMs) };
  }
  const { series } = await readTargetSeries(key, range, nowMs);
  return { cpuCores: lastPresent(series.cpuCores), memoryBytes: lastPresent(series.memoryBytes) };
}

export async function queryClusterMetrics(range: MetricsRange, nowMs = Date.now()): Promise<ClusterMetrics> {
  const cache = getSyncedWatchCacheOrThrow();
  let nodeList;
  try {
    nodeList = { items: await listNodesRecent(nowMs) };
  } catch (error) {
    throw toApiError(error, "listing the nodes");
  }
  const requested = new Map<string, { resources: ResourceAmounts; pods: number }>();
  for (const pod of cache.listAll("pods")) {
    const node = pod.spec?.nodeName;
    if (!node || pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") continue;
    let entry = requested.get(node);
    if (!entry) requested.set(node, (entry = { resources: { cpuCores: null, memoryBytes: null }, pods: 0 }));
    const requests = requestsOf(pod.spec!);
    if (requests.cpuCores !== null) entry.resources.cpuCores = (entry.resources.cpuCores ?? 0) + requests.cpuCores;
    if (requests.memoryBytes !== null) entry.resources.memoryBytes = (entry.resources.memoryBytes ?? 0) + requests.memoryBytes;
    entry.pods++;
  }
  const states = new Map((await nodeScrapeStates()).map((state) => [state.node, state]));
  const nodes = await Promise.all(
    nodeList.items.map(async (node) => {
      const name = node.metadata?.name ?? "";
      const used = await newestUsed(`node:${name}`, range, nowMs);
      const millicores = parseCpuMillicores(node.status?.allocatable?.cpu);
      const mib = parseMemoryMiB(node.status?.allocatable?.memory);
      const state = states.get(name);
      return {
        name,
        allocatable: { cpuCores: millicores === null ? null : millicores / 1000, memoryBytes: mib === null ? null : mib * MIB },
        requested: requested.get(name)?.resources ?? { cpuCores: null, memoryBytes: null },
        used,
        pods: requested.get(name)?.pods ?? 0,
        stale: state?.stale ?? false,
        lastScrapeAt: state?.lastSuccessMs ? new Date(state.lastSuccessMs).toISOString() : null,
        lastError: state?.lastError ?? null,
      };
    }),
  );
  nodes.sort((a, b) => a.name.localeCompare(b.name));
  const cluster = await readTargetSeries("cluster", range, nowMs);
  return {
    range,
    stepSeconds: cluster.stepSeconds,
    source: cluster.source,
    ageSeconds: ageOfSeries(cluster.series, nowMs),
    series: cluster.series,
    capacity: { allocatable: sumAmounts(nodes.map((n) => n.allocatable)), requested: sumAmounts(nodes.map((n) => n.requested)), used: sumAmounts(nodes.map((n) => n.used)) },
    nodes,
  };
}
