"use client";

import { useState } from "react";

import { MetricCharts, MetricChartsSkeleton } from "@/components/metrics/metric-charts";
import { QuotaUsageBars } from "@/components/metrics/quota-usage-bars";
import { TopWorkloadsTable } from "@/components/metrics/top-workloads-table";
import { MetricsToolbar } from "@/components/metrics/metrics-toolbar";
import { usingNowOf } from "@/components/metrics/using-now-of";
import { QueryError } from "@/components/layout/query-error";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { useTenantMetrics } from "@/lib/client/use-tenant-metrics";
import type { MetricsRange } from "@/lib/contracts/tenant-metrics";
import { useT } from "@/lib/i18n/i18n-provider";

/** The tenant's metrics page: quota usage, the whole tenant's charts over a range, and its busiest workloads. */
export function TenantMetricsView({ tenant }: { tenant: string }) {
  const t = useT();
  const [range, setRange] = useState<MetricsRange>("1h");
  const query = useTenantMetrics(tenant, "tenant", range);
  const data = query.data;

  return (
    <div className="space-y-8" data-testid="tenant-metrics">
      <PageHeader title={t("metrics.title")} description={t("metrics.description")} />
      <MetricsToolbar range={range} onRange={setRange} stepSeconds={data?.stepSeconds ?? null} switching={query.isPlaceholderData} />
      {query.isError ? <QueryError title={t("metrics.loadFailed")} error={query.error} onRetry={() => query.refetch()} /> : null}
      {query.isPending ? <MetricChartsSkeleton /> : null}
      {data ? (
        <>
          <Card className="space-y-4 p-6">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 className="text-base font-semibold">{t("metrics.quotaHeading")}</h2>
              {data.quota ? <span className="text-xs text-muted-foreground">{t("metrics.quotaPlan", { plan: data.quota.plan })}</span> : null}
            </div>
            <QuotaUsageBars quota={data.quota} usingNow={usingNowOf(data)} />
          </Card>
          <section className="space-y-3" aria-labelledby="tenant-charts-heading">
            <h2 id="tenant-charts-heading" className="text-base font-semibold">
              {t("metrics.tenantHeading")}
            </h2>
            <MetricCharts data={data} receivedAt={query.dataUpdatedAt} />
          </section>
          <section className="grid gap-6 lg:grid-cols-2">
            <TopWorkloadsTable tenant={tenant} workloads={data.topWorkloads?.byCpu ?? []} metric="cpuCores" range={data.range} caption={t("metrics.topCpu")} />
            <TopWorkloadsTable tenant={tenant} workloads={data.topWorkloads?.byMemory ?? []} metric="memoryBytes" range={data.range} caption={t("metrics.topMemory")} />
          </section>
        </>
      ) : null}
    </div>
  );
}
