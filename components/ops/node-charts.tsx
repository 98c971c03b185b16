"use client";

import { QueryError } from "@/components/layout/query-error";
import { CHART_COLORS, TimeSeriesChart, TimeSeriesChartSkeleton } from "@/components/metrics/time-series-chart";
import { useOpsNodeMetrics } from "@/lib/client/use-ops-monitoring";
import type { MetricsRange } from "@/lib/contracts/tenant-metrics";
import { useT } from "@/lib/i18n/i18n-provider";

/** One node's CPU and memory over the range, against what its pods request and what it can hold. */
export function NodeCharts({ node, range }: { node: string; range: MetricsRange }) {
  const t = useT();
  const query = useOpsNodeMetrics(node, range);
  if (query.isPending) {
    return (
      <div className="grid gap-4 lg:grid-cols-2">
        <TimeSeriesChartSkeleton title={t("opsNodes.nodeCpu", { node })} />
        <TimeSeriesChartSkeleton title={t("opsNodes.nodeMemory", { node })} />
      </div>
    );
  }
  if (query.isError && !query.data) return <QueryError title={t("opsNodes.chartsFailed")} error={query.error} onRetry={() => query.refetch()} />;
  const data = query.data!;
  const freshness = { ageSeconds: data.ageSeconds, receivedAt: query.dataUpdatedAt, stale: data.stale, staleNodes: data.stale ? [node] : [] };
  const refs = (metric: "cpuCores" | "memoryBytes") => [
    ...(data.requested[metric] !== null ? [{ key: "requested", label: t("opsOverview.requested"), value: data.requested[metric]!, color: CHART_COLORS.request }] : []),
    ...(data.allocatable[metric] !== null ? [{ key: "allocatable", label: t("opsOverview.allocatable"), value: data.allocatable[metric]!, color: CHART_COLORS.limit }] : []),
  ];
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid={`node-charts-${node}`}>
      <TimeSeriesChart
        title={t("opsNodes.nodeCpu", { node })}
        unit="cores"
        testId="chart-node-cpu"
        timestamps={data.series.timestamps}
        lines={[{ key: "used", label: t("opsOverview.used"), values: data.series.cpuCores, color: CHART_COLORS.primary }]}
        references={refs("cpuCores")}
        freshness={freshness}
      />
      <TimeSeriesChart
        title={t("opsNodes.nodeMemory", { node })}
        unit="bytes"
        testId="chart-node-memory"
        timestamps={data.series.timestamps}
        lines={[{ key: "used", label: t("opsOverview.used"), values: data.series.memoryBytes, color: CHART_COLORS.secondary }]}
        references={refs("memoryBytes")}
        freshness={freshness}
      />
    </div>
  );
}
