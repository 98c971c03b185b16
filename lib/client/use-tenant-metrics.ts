import { keepPreviousData, queryOptions, useQuery, type QueryFunctionContext } from "@tanstack/react-query";

import { apiFetch } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import { getTenantMetricsOperation, type MetricsRange, type TenantMetrics } from "@/lib/contracts/tenant-metrics";

export const METRICS_RANGES: readonly MetricsRange[] = ["15m", "1h", "6h", "24h", "7d"];

/** Ranges read at the scrape resolution: they follow the collector live, one refetch per scrape. */
const LIVE_RANGES: ReadonlySet<MetricsRange> = new Set(["15m", "1h"]);

/** `deployment/NAME`, `pod/NAME` or `tenant`, as the API names a target. */
export type MetricsTarget = "tenant" | `deployment/${string}` | `pod/${string}`;

/** 15m and 1h: read at the scrape resolution and followed live. */
export function isLiveRange(range: MetricsRange): boolean {
  return LIVE_RANGES.has(range);
}

export function tenantMetricsQueryKey(tenant: string, target: MetricsTarget, range: MetricsRange) {
  return queryKeys.metrics.target(tenant, target, range);
}

export function fetchTenantMetrics(tenant: string, target: MetricsTarget, range: MetricsRange, { signal }: Pick<QueryFunctionContext, "signal">): Promise<TenantMetrics> {
  return apiFetch(getTenantMetricsOperation, { params: { tenant }, query: { target, range }, signal });
}

/**
 * How often a range's answer is asked for again: every step for the live ranges (the collector's interval), and
 * every few minutes for the rolled-up ones (a new 1-minute or 1-hour point is not worth a request per scrape).
 */
export function refetchIntervalOf(data: TenantMetrics | undefined, range: MetricsRange): number {
  if (LIVE_RANGES.has(range)) return Math.max(5, data?.stepSeconds ?? 15) * 1000;
  return range === "7d" ? 10 * 60_000 : 60_000;
}

/**
 * A target's metrics over a range. Each range is its own query (switching range fetches that range); while the
 * previous range's chart stays up until the new answer arrives. Polling stops while the tab is hidden (TanStack's
 * refetchIntervalInBackground defaults to false) and resumes, with a refetch, when it is shown again.
 */
export function useTenantMetrics(tenant: string, target: MetricsTarget, range: MetricsRange, options: { live?: boolean } = {}) {
  return useQuery(tenantMetricsQueryOptions(tenant, target, range, options));
}

/** The query behind useTenantMetrics, also for observers outside React. */
export function tenantMetricsQueryOptions(tenant: string, target: MetricsTarget, range: MetricsRange, { live = true }: { live?: boolean } = {}) {
  return queryOptions({
    queryKey: tenantMetricsQueryKey(tenant, target, range),
    queryFn: ({ signal }) => fetchTenantMetrics(tenant, target, range, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: live ? (query) => refetchIntervalOf(query.state.data, range) : false,
    refetchIntervalInBackground: false,
  });
}
