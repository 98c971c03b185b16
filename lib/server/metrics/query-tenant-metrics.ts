import "server-only";
import type { MetricsQuery, TenantMetrics } from "@/lib/contracts/tenant-metrics";
import { podsOfWorkload } from "@/lib/server/deployments/list-workload-pods";
import { getWorkloadObjectOrThrow } from "@/lib/server/deployments/get-workload-object-or-throw";
import { ApiError } from "@/lib/server/http/api-error";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import type { CachedKindObject } from "@/lib/server/kubernetes/watch-cache";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";
import { getMetricsService } from "./get-metrics-service";
import { nodeScrapeStates } from "./node-scrape-states";
import { podSpecResources, timesAmounts } from "./pod-spec-resources";
import { ageOfSeries, readTargetSeries, toMetricSeries } from "./read-target-series";
import { tenantQuotaUsage } from "./tenant-quota-usage";
import { topWorkloadsOf } from "./top-workloads-of";

// GET /api/v1/tenants/{tenant}/metrics: the namespace is the resolved tenant's, so a target can only ever name
// that tenant's workloads and pods; anything else is "not found".

type CachedPod = CachedKindObject<"pods">;

async function staleNodesOf(pods: readonly CachedPod[]): Promise<string[]> {
  const states = await nodeScrapeStates();
  const nodes = new Set(pods.map((pod) => pod.spec?.nodeName).filter((node): node is string => Boolean(node)));
  return states.filter((state) => state.stale && nodes.has(state.node)).map((state) => state.node);
}

export async function queryTenantMetrics(tenant: ResolvedTenant, query: MetricsQuery, nowMs = Date.now()): Promise<TenantMetrics> {
  const cache = getSyncedWatchCacheOrThrow();
  const namespace = tenant.namespace;
  const [type, name = tenant.slug] = query.target === "tenant" ? ["tenant"] : query.target.split("/");
  const base = { range: query.range, pods: null, quota: null, topWorkloads: null, resources: null };

  if (type === "tenant") {
    const { series, source, stepSeconds } = await readTargetSeries(`namespace:${namespace}`, query.range, nowMs);
    const staleNodes = await staleNodesOf(cache.list("pods", namespace));
    return {
      ...base,
      target: { type: "tenant", name: tenant.slug, workloadKind: null },
      stepSeconds,
      source,
      ageSeconds: ageOfSeries(series, nowMs),
      stale: staleNodes.length > 0,
      staleNodes,
      series,
      quota: await tenantQuotaUsage(tenant, cache.list("pods", namespace)),
      topWorkloads: await topWorkloadsOf(cache, namespace, query.range, nowMs),
    };
  }

  if (type === "deployment") {
    const workload = getWorkloadObjectOrThrow(cache, tenant, name);
    const pods = podsOfWorkload(cache, workload).map(({ pod }) => pod);
    const { series, source, stepSeconds } = await readTargetSeries(`workload:${namespace}/${workload.kind}/${name}`, query.range, nowMs);
    const perPod = podSpecResources(workload.object.spec?.template?.spec);
    const replicas = workload.object.spec?.replicas ?? 1;
    const window = source === "memory" ? getMetricsService()!.window : undefined;
    const staleNodes = await staleNodesOf(pods);
    return {
      ...base,
      target: { type: "deployment", name, workloadKind: workload.kind },
      stepSeconds,
      source,
      ageSeconds: ageOfSeries(series, nowMs),
      stale: staleNodes.length > 0,
      staleNodes,
      series,
      resources: { replicas, perPod, total: { requests: timesAmounts(perPod.requests, replicas), limits: timesAmounts(perPod.limits, replicas) } },
      pods: window
        ? pods
            .map((pod) => ({ name: pod.metadata?.name ?? "", node: pod.spec?.nodeName ?? null, series: toMetricSeries(window.read(`pod:${namespace}/${pod.metadata?.name}`, series.timestamps[0] ?? nowMs, nowMs)) }))
            .sort((a, b) => a.name.localeCompare(b.name))
        : null,
    };
  }

  // A pod: one the cache knows now, or one that is gone but still in the in-memory hour.
  const pod = cache.get("pods", namespace, name);
  const key = `pod:${namespace}/${name}`;
  const window = getMetricsService()?.holdsLease ? getMetricsService()!.window : undefined;
  if (!pod && !window?.read(key)) throw new ApiError("not_found", `Pod ${name.slice(0, 63)} not found in tenant ${tenant.slug}.`);
  // Pods are not rolled up: every range reads the in-memory hour, at its resolution.
  const series = toMetricSeries(window?.read(key, nowMs - (query.range === "15m" ? 15 * 60_000 : 3_600_000), nowMs));
  const staleNodes = pod ? await staleNodesOf([pod]) : [];
  const own = podSpecResources(pod?.spec);
  return {
    ...base,
    target: { type: "pod", name, workloadKind: null },
    stepSeconds: (getMetricsService()?.intervalMs ?? 15_000) / 1000,
    source: "memory",
    ageSeconds: ageOfSeries(series, nowMs),
    stale: staleNodes.length > 0,
    staleNodes,
    series,
    resources: pod ? { replicas: 1, perPod: own, total: own } : null,
  };
}
