"use client";

import type { UseQueryResult } from "@tanstack/react-query";

import { DataAge, type DataFreshness } from "@/components/metrics/data-age";
import { CHART_COLORS, TimeSeriesChart, TimeSeriesChartSkeleton } from "@/components/metrics/time-series-chart";
import { CapacityBars } from "@/components/ops/capacity-bars";
import { QueryPanel } from "@/components/ops/query-panel";
import type { ClusterMetrics } from "@/lib/contracts/tenant-metrics";
import { useT } from "@/lib/i18n/i18n-provider";

/** How fresh the cluster's data is: its age, and stale when any node's latest scrape failed. */
export function clusterFreshness(data: ClusterMetrics, receivedAt: number): DataFreshness {
  const staleNodes = data.nodes.filter((node) => node.stale).map((node) => node.name);
  return { ageSeconds: data.ageSeconds, receivedAt, stale: staleNodes.length > 0, staleNodes };
}

/** Allocatable vs requested vs used as bars, then the cluster's CPU and memory over the chosen range. */
export function ClusterCapacityPanel({ query }: { query: UseQueryResult<ClusterMetrics, unknown> }) {
  const t = useT();
  const data = query.data;
  const freshness = data ? clusterFreshness(data, query.dataUpdatedAt) : null;
  return (
    <div className="space-y-4">
      <QueryPanel
        title={t("opsOverview.capacityHeading")}
        query={query}
        testId="cluster-capacity"
        isEmpty={(d) => d.nodes.length === 0}
        empty={t("opsNodes.emptyBody")}
        status={(d) => (
          <span className="inline-flex flex-wrap items-center gap-3">
            <span>{t("opsOverview.nodesSummary", { nodes: d.nodes.length, stale: d.nodes.filter((n) => n.stale).length })}</span>
            <DataAge freshness={clusterFreshness(d, query.dataUpdatedAt)} />
          </span>
        )}
      >
        {(d) => (
          <div className="space-y-3">
            <CapacityBars capacity={d.capacity} />
            <p className="text-xs text-muted-foreground">{t("opsOverview.capacityNote")}</p>
          </div>
        )}
      </QueryPanel>
      <div className="grid gap-4 lg:grid-cols-2">
        {data && freshness ? (
          <>
            <TimeSeriesChart
              title={t("opsOverview.clusterCpu")}
              unit="cores"
              testId="chart-cluster-cpu"
              timestamps={data.series.timestamps}
              lines={[{ key: "used", label: t("opsOverview.used"), values: data.series.cpuCores, color: CHART_COLORS.primary }]}
              references={[
                ...(data.capacity.requested.cpuCores !== null ? [{ key: "requested", label: t("opsOverview.requested"), value: data.capacity.requested.cpuCores, color: CHART_COLORS.request }] : []),
                ...(data.capacity.allocatable.cpuCores !== null ? [{ key: "allocatable", label: t("opsOverview.allocatable"), value: data.capacity.allocatable.cpuCores, color: CHART_COLORS.limit }] : []),
              ]}
              freshness={freshness}
            />
            <TimeSeriesChart
              title={t("opsOverview.clusterMemory")}
              unit="bytes"
              testId="chart-cluster-memory"
              timestamps={data.series.timestamps}
              lines={[{ key: "used", label: t("opsOverview.used"), values: data.series.memoryBytes, color: CHART_COLORS.secondary }]}
              references={[
                ...(data.capacity.requested.memoryBytes !== null ? [{ key: "requested", label: t("opsOverview.requested"), value: data.capacity.requested.memoryBytes, color: CHART_COLORS.request }] : []),
                ...(data.capacity.allocatable.memoryBytes !== null ? [{ key: "allocatable", label: t("opsOverview.allocatable"), value: data.capacity.allocatable.memoryBytes, color: CHART_COLORS.limit }] : []),
              ]}
              freshness={freshness}
            />
          </>
        ) : query.isPending ? (
          <>
            <TimeSeriesChartSkeleton title={t("opsOverview.clusterCpu")} />
            <TimeSeriesChartSkeleton title={t("opsOverview.clusterMemory")} />
          </>
        ) : null}
      </div>
    </div>
  );
}
