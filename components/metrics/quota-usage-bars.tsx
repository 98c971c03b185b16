"use client";

import { cx } from "@/components/ui/cx";
import { formatMetricValue, type MetricUnit } from "@/lib/format/format-metric-value";
import type { TenantMetrics } from "@/lib/contracts/tenant-metrics";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

type Quota = NonNullable<TenantMetrics["quota"]>;

/** Share of the quota in whole percent; a quota of 0 with something used reads as full. */
export function quotaPercent(used: number | null, quota: number | null): number | null {
  if (used === null || quota === null) return null;
  if (quota <= 0) return used > 0 ? 100 : 0;
  return Math.round((used / quota) * 100);
}

function Bar({ label, used, quota, unit, limits, usingNow, testId }: { label: string; used: number | null; quota: number | null; unit: MetricUnit; limits?: { used: number | null; quota: number | null }; usingNow?: number | null; testId: string }) {
  const t = useT();
  const locale = useLocale();
  const percent = quotaPercent(used, quota);
  const format = (value: number | null) => formatMetricValue(value, unit, locale);
  const tone = percent === null ? "bg-muted" : percent >= 90 ? "bg-danger" : percent >= 75 ? "bg-amber-500" : "bg-brand";
  return (
    <div className="space-y-1.5" data-testid={testId} data-used={used ?? ""} data-quota={quota ?? ""}>
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium text-foreground">{label}</span>
        <span className="font-mono text-xs tabular-nums text-muted-foreground">{t("metrics.quotaOf", { used: format(used), quota: format(quota) })}</span>
      </div>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={quota ?? 0}
        aria-valuenow={used ?? 0}
        aria-valuetext={`${t("metrics.quotaOf", { used: format(used), quota: format(quota) })}${percent === null ? "" : `, ${t("metrics.quotaPercent", { percent })}`}`}
        className="h-2 overflow-hidden rounded-full bg-muted"
      >
        <div className={cx("h-full rounded-full transition-[width]", tone)} style={{ width: `${Math.min(100, percent ?? 0)}%` }} />
      </div>
      <p className="flex flex-wrap gap-x-3 text-xs text-muted-foreground">
        {percent !== null ? <span>{t("metrics.quotaPercent", { percent })}</span> : null}
        {usingNow !== undefined ? <span>{t("metrics.quotaUsingNow", { value: format(usingNow) })}</span> : null}
        {limits ? <span>{t("metrics.quotaLimits", { used: format(limits.used), quota: format(limits.quota) })}</span> : null}
      </p>
    </div>
  );
}

/**
 * What the tenant's running pods have requested against the plan's quota (what Kubernetes' quota admission counts),
 * with the measured use beside it: a pod that is refused for quota is explained by the first bar, not the second.
 */
export function QuotaUsageBars({ quota, usingNow }: { quota: Quota | null; usingNow: { cpuCores: number | null; memoryBytes: number | null } }) {
  const t = useT();
  if (!quota) return <p className="text-sm text-muted-foreground">{t("metrics.noQuota")}</p>;
  return (
    <div className="grid gap-5 sm:grid-cols-3" data-testid="quota-usage">
      <Bar testId="quota-cpu" label={t("metrics.quotaCpu")} unit="cores" used={quota.requests.used.cpuCores} quota={quota.requests.quota.cpuCores} limits={{ used: quota.limits.used.cpuCores, quota: quota.limits.quota.cpuCores }} usingNow={usingNow.cpuCores} />
      <Bar testId="quota-memory" label={t("metrics.quotaMemory")} unit="bytes" used={quota.requests.used.memoryBytes} quota={quota.requests.quota.memoryBytes} limits={{ used: quota.limits.used.memoryBytes, quota: quota.limits.quota.memoryBytes }} usingNow={usingNow.memoryBytes} />
      <Bar testId="quota-pods" label={t("metrics.quotaPods")} unit="count" used={quota.pods.used} quota={quota.pods.quota} />
    </div>
  );
}
