"use client";

import Link from "next/link";

import { latestPoint } from "@/components/metrics/chart-rows";
import { Sparkline } from "@/components/metrics/sparkline";
import { CHART_COLORS } from "@/components/metrics/time-series-chart";
import { Table, Td, Th } from "@/components/ui/table";
import { formatMetricValue } from "@/lib/format/format-metric-value";
import type { MetricsRange, TenantMetrics } from "@/lib/contracts/tenant-metrics";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

type Workload = NonNullable<TenantMetrics["topWorkloads"]>["byCpu"][number];

/** The tenant's busiest workloads by one metric: the range's average, a sparkline of it, and a link to its charts. */
export function TopWorkloadsTable({ tenant, workloads, metric, range, caption }: { tenant: string; workloads: readonly Workload[]; metric: "cpuCores" | "memoryBytes"; range: MetricsRange; caption: string }) {
  const t = useT();
  const locale = useLocale();
  const unit = metric === "cpuCores" ? "cores" : "bytes";
  const format = (value: number | null) => formatMetricValue(value, unit, locale);
  if (workloads.length === 0) {
    return (
      <div className="space-y-2">
        <h3 className="text-sm font-semibold">{caption}</h3>
        <p className="text-sm text-muted-foreground" data-testid={`top-${metric}-empty`}>
          {t("metrics.topEmpty")}
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-2" data-testid={`top-${metric}`}>
      <h3 className="text-sm font-semibold">{caption}</h3>
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>{t("metrics.topWorkload")}</Th>
          <Th className="text-right">{t("metrics.topAverage", { range: t(`metrics.ranges.${range}`) })}</Th>
          <Th>{t("metrics.topTrend")}</Th>
        </tr>
      </thead>
      <tbody>
        {workloads.map((workload) => {
          const latest = latestPoint(workload.sparkline.timestamps, workload.sparkline[metric]);
          return (
            <tr key={`${workload.kind}/${workload.name}`} data-testid="top-workload-row" data-name={workload.name}>
              <Td>
                <Link
                  href={`/${encodeURIComponent(tenant)}/deployments/${encodeURIComponent(workload.name)}?tab=metrics`}
                  className="font-medium underline-offset-4 hover:underline"
                  aria-label={t("metrics.openMetrics", { name: workload.name })}
                >
                  {workload.name}
                </Link>
                <span className="ml-2 text-xs text-muted-foreground">{workload.kind}</span>
              </Td>
              <Td className="text-right font-mono tabular-nums">{format(workload[metric])}</Td>
              <Td>
                <Sparkline timestamps={workload.sparkline.timestamps} values={workload.sparkline[metric]} color={metric === "cpuCores" ? CHART_COLORS.primary : CHART_COLORS.secondary} />
                <span className="sr-only">{latest ? format(latest.value) : t("metrics.noValue")}</span>
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
    </div>
  );
}
