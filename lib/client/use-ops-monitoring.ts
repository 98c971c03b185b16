import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { apiFetch, isApiRequestError } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import { getOpsNodeMetricsOperation, listOpsRolloutsOperation, listTenantUsageOperation, listTroubledPodsOperation, listWarningEventsOperation } from "@/lib/contracts/ops-monitoring";
import { getClusterMetricsOperation, type MetricsRange } from "@/lib/contracts/tenant-metrics";

/** The ops panels follow the collector: one refetch per scrape interval (15 s by default). */
export const OPS_REFRESH_MS = 15_000;

/** 401/403/404/422 will not change by asking again; a dropped connection or a 5xx might. */
function retry(failures: number, error: unknown): boolean {
  return !(isApiRequestError(error) && error.status < 500) && failures < 2;
}

const live = { refetchInterval: OPS_REFRESH_MS, refetchIntervalInBackground: false, retry } as const;

/** Cluster capacity and usage over a range (platform admins). */
export function useClusterMetrics(range: MetricsRange) {
  return useQuery({
    queryKey: queryKeys.ops.cluster(range),
    queryFn: ({ signal }) => apiFetch(getClusterMetricsOperation, { query: { range }, signal }),
    placeholderData: keepPreviousData,
    ...live,
  });
}

/** One node's usage over a range, with its scrape state. */
export function useOpsNodeMetrics(node: string, range: MetricsRange) {
  return useQuery({
    queryKey: queryKeys.ops.node(node, range),
    queryFn: ({ signal }) => apiFetch(getOpsNodeMetricsOperation, { params: { node }, query: { range }, signal }),
    placeholderData: keepPreviousData,
    ...live,
  });
}

export function useTenantUsage(range: MetricsRange, sort: "cpu" | "memory" | "pods") {
  return useQuery({
    queryKey: queryKeys.ops.tenantUsage(range, sort),
    queryFn: ({ signal }) => apiFetch(listTenantUsageOperation, { query: { range, sort }, signal }),
    placeholderData: keepPreviousData,
    ...live,
  });
}

export function useTroubledPods() {
  return useQuery({ queryKey: queryKeys.ops.troubledPods(), queryFn: ({ signal }) => apiFetch(listTroubledPodsOperation, { signal }), ...live });
}

export function useWarningEvents() {
  return useQuery({ queryKey: queryKeys.ops.warningEvents(), queryFn: ({ signal }) => apiFetch(listWarningEventsOperation, { signal }), ...live });
}

export function useOpsRollouts() {
  return useQuery({ queryKey: queryKeys.ops.rollouts(), queryFn: ({ signal }) => apiFetch(listOpsRolloutsOperation, { signal }), ...live });
}
