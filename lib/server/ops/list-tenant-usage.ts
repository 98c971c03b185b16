import "server-only";
import { OPS_LIST_LIMIT, type TenantUsage, type TenantUsageList } from "@/lib/contracts/ops-monitoring";
import type { MetricsRange } from "@/lib/contracts/tenant-metrics";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import { podSpecResources } from "@/lib/server/metrics/pod-spec-resources";
import { ageOfSeries, meanOf, readTargetSeries } from "@/lib/server/metrics/read-target-series";
import { lastPresent, sumAmounts } from "@/lib/server/metrics/sum-amounts";
import { tenantsByNamespace } from "./tenants-by-namespace";

const SORT_KEY: Record<"cpu" | "memory" | "pods", (usage: TenantUsage) => number> = {
  cpu: (usage) => usage.used.cpuCores ?? -1,
  memory: (usage) => usage.used.memoryBytes ?? -1,
  pods: (usage) => usage.pods,
};

/** Every tenant's usage (the collector's namespace series) and requests and pods (the watch cache), ranked. */
export async function listTenantUsage(range: MetricsRange, sort: "cpu" | "memory" | "pods", nowMs = Date.now()): Promise<TenantUsageList> {
  const cache = getSyncedWatchCacheOrThrow();
  const tenants = await tenantsByNamespace();
  let newestAge: number | null = null;
  const items = await Promise.all(
    [...tenants].map(async ([namespace, tenant]): Promise<TenantUsage> => {
      const pods = cache.list("pods", namespace).filter((pod) => pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed");
      const { series } = await readTargetSeries(`namespace:${namespace}`, range, nowMs);
      const age = ageOfSeries(series, nowMs);
      if (age !== null && (newestAge === null || age < newestAge)) newestAge = age;
      return {
        tenant,
        namespace,
        used: { cpuCores: meanOf(series.cpuCores), memoryBytes: meanOf(series.memoryBytes) },
        latest: { cpuCores: lastPresent(series.cpuCores), memoryBytes: lastPresent(series.memoryBytes) },
        requested: sumAmounts(pods.map((pod) => podSpecResources(pod.spec).requests)),
        pods: pods.length,
      };
    }),
  );
  const key = SORT_KEY[sort];
  items.sort((a, b) => key(b) - key(a) || a.tenant.slug.localeCompare(b.tenant.slug));
  return { range, ageSeconds: newestAge, items: items.slice(0, OPS_LIST_LIMIT), total: items.length };
}
