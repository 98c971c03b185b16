"use client";

import { useState } from "react";

import { MetricCharts, MetricChartsSkeleton } from "@/components/metrics/metric-charts";
import { MetricsToolbar } from "@/components/metrics/metrics-toolbar";
import { QueryError } from "@/components/layout/query-error";
import { isLiveRange, useTenantMetrics } from "@/lib/client/use-tenant-metrics";
import type { MetricsRange } from "@/lib/contracts/tenant-metrics";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * A workload's metrics tab: CPU and memory against the pod template's requests and limits (summed over replicas),
 * network and filesystem throughput, and a thin line per pod for the ranges the in-memory hour covers.
 */
export function WorkloadMetrics({ tenant, name, initialRange = "1h" }: { tenant: string; name: string; initialRange?: MetricsRange }) {
  const t = useT();
  const [range, setRange] = useState<MetricsRange>(initialRange);
  const query = useTenantMetrics(tenant, `deployment/${name}`, range);

  return (
    <section className="space-y-4" data-testid="workload-metrics" aria-label={t("metrics.tab")}>
      <MetricsToolbar range={range} onRange={setRange} stepSeconds={query.data?.stepSeconds ?? null} switching={query.isPlaceholderData} />
      {query.isPending ? <MetricChartsSkeleton /> : null}
      {query.isError && !query.data ? <QueryError title={t("metrics.loadFailed")} error={query.error} onRetry={() => query.refetch()} /> : null}
      {query.data ? (
        <>
          {query.isError ? <QueryError title={t("metrics.loadFailed")} error={query.error} onRetry={() => query.refetch()} /> : null}
          <MetricCharts data={query.data} receivedAt={query.dataUpdatedAt} />
          {query.data.pods === null && !isLiveRange(range) ? <p className="text-xs text-muted-foreground">{t("metrics.noPerPod")}</p> : null}
        </>
      ) : null}
    </section>
  );
}
