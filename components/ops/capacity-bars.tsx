"use client";

import { capacityPercent } from "@/components/ops/capacity-percent";
import { cx } from "@/components/ui/cx";
import type { ClusterMetrics } from "@/lib/contracts/tenant-metrics";
import { formatMetricValue, type MetricUnit } from "@/lib/format/format-metric-value";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

type Capacity = ClusterMetrics["capacity"];

function Meter({ label, value, allocatable, unit, tone, testId, missing }: { label: string; value: number | null; allocatable: number | null; unit: MetricUnit; tone: string; testId: string; missing: string }) {
  const t = useT();
  const locale = useLocale();
  const percent = capacityPercent(value, allocatable);
  const text = value === null ? missing : percent === null ? formatMetricValue(value, unit, locale) : t("opsOverview.ofAllocatable", { value: formatMetricValue(value, unit, locale), percent });
  return (
    <div className="space-y-1" data-testid={testId} data-value={value ?? ""} data-percent={percent ?? ""}>
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-xs">
        <span className="text-muted-foreground">{label}</span>
        <span className="font-mono tabular-nums text-foreground">{text}</span>
      </div>
      <div role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent ?? 0} aria-valuetext={text} className="h-2.5 overflow-hidden rounded-full bg-muted">
        <div className={cx("h-full rounded-full transition-[width]", tone)} style={{ width: `${Math.min(100, percent ?? 0)}%` }} />
      </div>
    </div>
  );
}

function Resource({ title, metric, unit, capacity }: { title: string; metric: "cpuCores" | "memoryBytes"; unit: MetricUnit; capacity: Capacity }) {
  const t = useT();
  const locale = useLocale();
  const allocatable = capacity.allocatable[metric];
  const key = metric === "cpuCores" ? "cpu" : "memory";
  return (
    <div className="space-y-3" data-testid={`capacity-${key}`} data-allocatable={allocatable ?? ""}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-sm font-medium text-foreground">{title}</h3>
        <span className="font-mono text-xs tabular-nums text-muted-foreground">
          {t("opsOverview.allocatable")}: {formatMetricValue(allocatable, unit, locale)}
        </span>
      </div>
      <Meter testId={`capacity-${key}-requested`} label={t("opsOverview.requested")} value={capacity.requested[metric]} allocatable={allocatable} unit={unit} tone="bg-muted-foreground/60" missing={t("opsOverview.noneRequested")} />
      <Meter testId={`capacity-${key}-used`} label={t("opsOverview.used")} value={capacity.used[metric]} allocatable={allocatable} unit={unit} tone="bg-brand" missing={t("opsOverview.noData")} />
    </div>
  );
}

/** Allocatable vs requested vs used for CPU and memory, each as a share of what the cluster can place. */
export function CapacityBars({ capacity }: { capacity: Capacity }) {
  const t = useT();
  return (
    <div className="grid gap-6 sm:grid-cols-2">
      <Resource title={t("opsOverview.cpu")} metric="cpuCores" unit="cores" capacity={capacity} />
      <Resource title={t("opsOverview.memory")} metric="memoryBytes" unit="bytes" capacity={capacity} />
    </div>
  );
}
