"use client";

import { useState } from "react";

import { QueryError } from "@/components/layout/query-error";
import { DataAge } from "@/components/metrics/data-age";
import { MetricsRangePicker } from "@/components/metrics/metrics-range-picker";
import { clusterFreshness } from "@/components/ops/cluster-capacity-panel";
import { NodeCharts } from "@/components/ops/node-charts";
import { NodesTableView } from "@/components/ops/nodes-table-view";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { LoadingBlock } from "@/components/ui/loading-block";
import { useClusterMetrics } from "@/lib/client/use-ops-monitoring";
import type { MetricsRange } from "@/lib/contracts/tenant-metrics";
import { useT } from "@/lib/i18n/i18n-provider";

/** The nodes table with a row's charts opened below it, over the chosen range. */
export function NodesOverview() {
  const t = useT();
  const [range, setRange] = useState<MetricsRange>("1h");
  const [expanded, setExpanded] = useState<string | null>(null);
  const query = useClusterMetrics(range);
  const data = query.data;
  return (
    <div className="space-y-4" data-range={range}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="text-xs text-muted-foreground">{data ? <DataAge freshness={clusterFreshness(data, query.dataUpdatedAt)} /> : null}</div>
        <MetricsRangePicker value={range} onChange={setRange} />
      </div>
      {query.isPending ? <LoadingBlock label={t("common.loading")} lines={4} /> : null}
      {!data && query.isError ? <QueryError title={t("opsNodes.loadFailed")} error={query.error} onRetry={() => query.refetch()} /> : null}
      {data && data.nodes.length === 0 ? (
        <EmptyState icon={<Icon name="server" />} title={t("opsNodes.emptyTitle")}>
          <p>{t("opsNodes.emptyBody")}</p>
        </EmptyState>
      ) : null}
      {data && data.nodes.length > 0 ? (
        <NodesTableView nodes={data.nodes} expanded={expanded} onToggle={(node) => setExpanded((open) => (open === node ? null : node))} renderCharts={(node) => <NodeCharts node={node} range={range} />} />
      ) : null}
    </div>
  );
}
