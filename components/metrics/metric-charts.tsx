"use client";

import { CHART_COLORS, TimeSeriesChart, TimeSeriesChartSkeleton, type ChartLine, type ChartReference } from "@/components/metrics/time-series-chart";
import type { DataFreshness } from "@/components/metrics/data-age";
import type { TenantMetrics } from "@/lib/contracts/tenant-metrics";
import type { Translate } from "@/lib/i18n/translate";
import { useT } from "@/lib/i18n/i18n-provider";

type Metric = keyof Omit<TenantMetrics["series"], "timestamps">;

/** Per-pod lines of one metric, thin and faded, each named after its pod. */
function podLines(t: Translate, data: TenantMetrics, metric: Metric): ChartLine[] {
  if (!data.pods || data.pods.length < 2) return [];
  // Pod series are read over the same window as the total, but a pod started later has fewer points: align by time.
  const index = new Map(data.series.timestamps.map((time, position) => [time, position]));
  return data.pods.map((pod, position) => {
    const values: (number | null)[] = data.series.timestamps.map(() => null);
    pod.series.timestamps.forEach((time, at) => {
      const slot = index.get(time);
      if (slot !== undefined) values[slot] = pod.series[metric][at] ?? null;
    });
    return { key: `pod-${pod.name}`, label: t("metrics.podLine", { pod: pod.name }), values, color: CHART_COLORS.minor[position % CHART_COLORS.minor.length]!, minor: true };
  });
}

function references(t: Translate, data: TenantMetrics, metric: "cpuCores" | "memoryBytes"): ChartReference[] {
  const total = data.resources?.total;
  if (!total) return [];
  const out: ChartReference[] = [];
  const request = total.requests[metric];
  const limit = total.limits[metric];
  if (request !== null) out.push({ key: "request", label: t("metrics.request"), value: request, color: CHART_COLORS.request });
  if (limit !== null) out.push({ key: "limit", label: t("metrics.limit"), value: limit, color: CHART_COLORS.limit });
  return out;
}

/** CPU, memory, network and filesystem of one answer: four charts sharing the answer's timestamps and age. */
export function MetricCharts({ data, receivedAt }: { data: TenantMetrics; receivedAt: number }) {
  const t = useT();
  const freshness: DataFreshness = { ageSeconds: data.ageSeconds, receivedAt, stale: data.stale, staleNodes: data.staleNodes };
  const { series } = data;
  const withPods = Boolean(data.pods && data.pods.length > 1);
  const common = { timestamps: series.timestamps, freshness };
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="metric-charts" data-range={data.range} data-step={data.stepSeconds}>
      <TimeSeriesChart
        {...common}
        testId="chart-cpu"
        title={t("metrics.chartCpu")}
        unit="cores"
        lines={[...podLines(t, data, "cpuCores"), { key: "cpu", label: t("metrics.used"), values: series.cpuCores, color: CHART_COLORS.primary }]}
        references={references(t, data, "cpuCores")}
        note={withPods ? t("metrics.perPodNote") : undefined}
      />
      <TimeSeriesChart
        {...common}
        testId="chart-memory"
        title={t("metrics.chartMemory")}
        unit="bytes"
        lines={[...podLines(t, data, "memoryBytes"), { key: "memory", label: t("metrics.used"), values: series.memoryBytes, color: CHART_COLORS.primary }]}
        references={references(t, data, "memoryBytes")}
        note={withPods ? t("metrics.perPodNote") : undefined}
      />
      <TimeSeriesChart
        {...common}
        testId="chart-network"
        title={t("metrics.chartNetwork")}
        unit="bytesPerSecond"
        lines={[
          { key: "rx", label: t("metrics.received"), values: series.rxBytesPerSecond, color: CHART_COLORS.primary },
          { key: "tx", label: t("metrics.transmitted"), values: series.txBytesPerSecond, color: CHART_COLORS.secondary },
        ]}
      />
      <TimeSeriesChart
        {...common}
        testId="chart-filesystem"
        title={t("metrics.chartFilesystem")}
        unit="bytesPerSecond"
        lines={[
          { key: "read", label: t("metrics.reads"), values: series.fsReadBytesPerSecond, color: CHART_COLORS.primary },
          { key: "write", label: t("metrics.writes"), values: series.fsWriteBytesPerSecond, color: CHART_COLORS.secondary },
        ]}
      />
    </div>
  );
}

/** Four grey charts while the first answer loads. */
export function MetricChartsSkeleton() {
  const t = useT();
  return (
    <div className="grid gap-4 lg:grid-cols-2" role="status" aria-label={t("common.loading")}>
      {(["chartCpu", "chartMemory", "chartNetwork", "chartFilesystem"] as const).map((key) => (
        <TimeSeriesChartSkeleton key={key} title={t(`metrics.${key}`)} />
      ))}
    </div>
  );
}
