import "server-only";
import type { ClusterMetrics, MetricsRange, ResourceAmounts } from "@/lib/contracts/tenant-metrics";
import { parseCpuMillicores, parseMemoryMiB } from "@/lib/server/deployments/parse-quantity";
import { getDatabase } from "@/lib/server/db/get-database";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import { toApiError } from "@/lib/server/kubernetes/to-api-error";
import { nodeScrapeStates } from "./node-scrape-states";
import { podSpecResources } from "./pod-spec-resources";
import { getMetricsService } from "./get-metrics-service";
import { listNodesRecent, type ListedNode } from "./list-nodes-recent";
import { readLatestRollupValues } from "./read-rollup-summaries";
import { sumAmounts } from "./sum-amounts";
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

type Requested = Map<string, { resources: ResourceAmounts; pods: number }>;

/**
 * What the pods on each node requested, summed over the watch cache's 30,000 pods once per scrape cycle (per
 * interval on a replica that stands by) rather than on every request: the screen shows the cycle's used values
 * next to them, and a wallboard or several operators asking every few seconds cost one pass a cycle.
 */
let requestedMemo: { cache: object; cycle: number; byNode: Requested } | undefined;

function requestedByNode(cache: ReturnType<typeof getSyncedWatchCacheOrThrow>, nowMs: number): Requested {
  const service = getMetricsService();
  const intervalMs = service?.intervalMs ?? 15_000;
  const cycle = (service?.holdsLease ? service.window.latestCycleMs : null) ?? Math.floor(nowMs / intervalMs) * intervalMs;
  if (requestedMemo && requestedMemo.cache === cache && requestedMemo.cycle === cycle) return requestedMemo.byNode;
  const requested: Requested = new Map();
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
  requestedMemo = { cache, cycle, byNode: requested };
  return requested;
}

/** A node list sorted by name and its allocatable parsed, once per list (localeCompare over 500 names is not free). */
const sortedLists = new WeakMap<readonly ListedNode[], { name: string; allocatable: ResourceAmounts }[]>();
function sortedNodes(list: readonly ListedNode[]): { name: string; allocatable: ResourceAmounts }[] {
  let sorted = sortedLists.get(list);
  if (!sorted) {
    sorted = list
      .map((node) => {
        const millicores = parseCpuMillicores(node.status?.allocatable?.cpu);
        const mib = parseMemoryMiB(node.status?.allocatable?.memory);
        return { name: node.metadata?.name ?? "", allocatable: { cpuCores: millicores === null ? null : millicores / 1000, memoryBytes: mib === null ? null : mib * MIB } };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    sortedLists.set(list, sorted);
  }
  return sorted;
}

/**
 * Every node's newest used CPU and memory in the range: straight from the in-memory hour when it is the source,
 * else from the rollups in one query for all the nodes (not one per node).
 */
async function newestUsedOf(names: readonly string[], range: MetricsRange, nowMs: number): Promise<Map<string, ResourceAmounts>> {
  const fromMs = nowMs - RANGE_MS[range];
  const out = new Map<string, ResourceAmounts>();
  const source = sourceOfRange(range);
  if (source === "memory") {
    const window = getMetricsService()!.window;
    for (const name of names) out.set(name, { cpuCores: window.newestValue(`node:${name}`, "cpuCores", fromMs, nowMs), memoryBytes: window.newestValue(`node:${name}`, "memoryBytes", fromMs, nowMs) });
    return out;
  }
  const { db } = await getDatabase();
  const stepMs = source === "rollups-1h" ? 3_600_000 : 60_000;
  const latest = await readLatestRollupValues(db, source === "rollups-1h" ? "1h" : "1m", names.map((name) => `node:${name}`), ["cpuCores", "memoryBytes"], Math.ceil(fromMs / stepMs) * stepMs, nowMs);
  for (const name of names) {
    const values = latest.get(`node:${name}`);
    out.set(name, { cpuCores: values?.cpuCores ?? null, memoryBytes: values?.memoryBytes ?? null });
  }
  return out;
}

export async function queryClusterMetrics(range: MetricsRange, nowMs = Date.now()): Promise<ClusterMetrics> {
  const cache = getSyncedWatchCacheOrThrow();
  let nodeList;
  try {
    nodeList = sortedNodes(await listNodesRecent(nowMs));
  } catch (error) {
    throw toApiError(error, "listing the nodes");
  }
  const requested = requestedByNode(cache, nowMs);
  const states = new Map((await nodeScrapeStates()).map((state) => [state.node, state]));
  const used = await newestUsedOf(
    nodeList.map((node) => node.name),
    range,
    nowMs,
  );
  const nodes = nodeList.map(({ name, allocatable }) => {
    const state = states.get(name);
    return {
      name,
      allocatable,
      requested: requested.get(name)?.resources ?? { cpuCores: null, memoryBytes: null },
      used: used.get(name) ?? { cpuCores: null, memoryBytes: null },
      pods: requested.get(name)?.pods ?? 0,
      stale: state?.stale ?? false,
      lastScrapeAt: state?.lastSuccessMs ? new Date(state.lastSuccessMs).toISOString() : null,
      lastError: state?.lastError ?? null,
    };
  });
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
