import "server-only";
import { OPS_LIST_LIMIT, type TenantUsage, type TenantUsageList } from "@/lib/contracts/ops-monitoring";
import type { MetricsRange, ResourceAmounts } from "@/lib/contracts/tenant-metrics";
import { getDatabase } from "@/lib/server/db/get-database";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import { tenantsByNamespace } from "@/lib/server/ops/tenants-by-namespace";
import { getMetricsService } from "./get-metrics-service";
import { podSpecResources } from "./pod-spec-resources";
import { readRollupSummaries } from "./read-rollup-summaries";
import { ageOfSeries, meanOf, RANGE_MS, sourceOfRange, toMetricSeries } from "./read-target-series";
import { lastPresent, sumAmounts } from "./sum-amounts";

// The operators' ranking of tenants by usage (the collector's namespace series) with their requests and pods (the
// watch cache). From the in-memory hour each tenant's series is a lookup; from the rollups (6 h, 24 h, 7 d, or any
// range on a replica that stands by) every tenant is summed up in one grouped query, not one query per tenant.

const SORT_KEY: Record<"cpu" | "memory" | "pods", (usage: TenantUsage) => number> = {
  cpu: (usage) => usage.used.cpuCores ?? -1,
  memory: (usage) => usage.used.memoryBytes ?? -1,
  pods: (usage) => usage.pods,
};

interface Usage {
  used: ResourceAmounts;
  latest: ResourceAmounts;
  /** Seconds since the newest point with a value, or null. */
  ageSeconds: number | null;
}

const NO_USAGE: Usage = { used: { cpuCores: null, memoryBytes: null }, latest: { cpuCores: null, memoryBytes: null }, ageSeconds: null };

/** Every namespace's usage over the range, keyed by namespace. */
async function usageOf(namespaces: readonly string[], range: MetricsRange, nowMs: number): Promise<Map<string, Usage>> {
  const source = sourceOfRange(range);
  const fromMs = nowMs - RANGE_MS[range];
  const out = new Map<string, Usage>();
  if (source === "memory") {
    const window = getMetricsService()!.window;
    for (const namespace of namespaces) {
      const series = toMetricSeries(window.read(`namespace:${namespace}`, fromMs, nowMs));
      out.set(namespace, {
        used: { cpuCores: meanOf(series.cpuCores), memoryBytes: meanOf(series.memoryBytes) },
        latest: { cpuCores: lastPresent(series.cpuCores), memoryBytes: lastPresent(series.memoryBytes) },
        ageSeconds: ageOfSeries(series, nowMs),
      });
    }
    return out;
  }
  const { db } = await getDatabase();
  const stepMs = source === "rollups-1h" ? 3_600_000 : 60_000;
  // The buckets readRollupSeries would return: from the first whole step at or after the range's start.
  const summaries = await readRollupSummaries(db, source === "rollups-1h" ? "1h" : "1m", namespaces.map((namespace) => `namespace:${namespace}`), Math.ceil(fromMs / stepMs) * stepMs, nowMs);
  for (const namespace of namespaces) {
    const summary = summaries.get(`namespace:${namespace}`);
    if (!summary) continue;
    out.set(namespace, {
      used: { cpuCores: summary.mean.cpuCores, memoryBytes: summary.mean.memoryBytes },
      latest: { cpuCores: summary.latest.cpuCores, memoryBytes: summary.latest.memoryBytes },
      ageSeconds: summary.newestMs === null ? null : Math.max(0, Math.round((nowMs - summary.newestMs) / 1000)),
    });
  }
  return out;
}

/** Every tenant's usage, requests and pods, ranked by `sort`; the first OPS_LIST_LIMIT are listed. */
export async function rankTenantUsage(range: MetricsRange, sort: "cpu" | "memory" | "pods", nowMs = Date.now()): Promise<TenantUsageList> {
  const cache = getSyncedWatchCacheOrThrow();
  const tenants = await tenantsByNamespace();
  const usage = await usageOf([...tenants.keys()], range, nowMs);
  let newestAge: number | null = null;
  const items = [...tenants].map(([namespace, tenant]): TenantUsage => {
    const pods = cache.list("pods", namespace).filter((pod) => pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed");
    const { used, latest, ageSeconds } = usage.get(namespace) ?? NO_USAGE;
    if (ageSeconds !== null && (newestAge === null || ageSeconds < newestAge)) newestAge = ageSeconds;
    return { tenant, namespace, used, latest, requested: sumAmounts(pods.map((pod) => podSpecResources(pod.spec).requests)), pods: pods.length };
  });
  const key = SORT_KEY[sort];
  items.sort((a, b) => key(b) - key(a) || a.tenant.slug.localeCompare(b.tenant.slug));
  return { range, ageSeconds: newestAge, items: items.slice(0, OPS_LIST_LIMIT), total: items.length };
}
