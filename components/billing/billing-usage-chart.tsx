"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { CHART_COLORS } from "@/components/metrics/time-series-chart";
import { ChartFrame } from "@/components/ui/chart-frame";
import { cx } from "@/components/ui/cx";
import { SegmentedRadioGroup } from "@/components/ui/segmented-radio-group";
import { Skeleton } from "@/components/ui/skeleton";
import { BillingUsageRange, type TenantBillingUsage } from "@/lib/contracts/billing-usage";
import { formatMoney } from "@/lib/format/format-money";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

const RANGES = BillingUsageRange.options;
const COLORS = [CHART_COLORS.primary, CHART_COLORS.secondary, ...CHART_COLORS.minor];

/**
 * Cost per workload over the range, stacked per bucket. Amounts are exact minor-unit strings; only the bar
 * heights use numbers (minor units are integers, exact far beyond any bucket's cost), every label is formatted
 * from the strings.
 */
export function BillingUsageChart({
  usage,
  range,
  onRange,
  loading,
}: {
  usage: TenantBillingUsage | undefined;
  range: BillingUsageRange;
  onRange: (range: BillingUsageRange) => void;
  loading: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const currency = usage?.currency ?? "USD";
  const workloads = usage?.workloads ?? [];
  const rows = new Map<number, Record<string, number>>();
  for (const [index, workload] of workloads.entries()) {
    for (const point of workload.points) {
      const at = Date.parse(point.at);
      const row = rows.get(at) ?? { t: at };
      row[`w${index}`] = Number(point.costMinor);
      rows.set(at, row);
    }
  }
  const data = [...rows.values()].sort((a, b) => a.t! - b.t!);
  const spanMs = usage ? Date.parse(usage.to) - Date.parse(usage.from) : 0;
  const axisTime = new Intl.DateTimeFormat(locale, spanMs > 36 * 3_600_000 ? { month: "short", day: "numeric" } : { hour: "2-digit", minute: "2-digit" });
  const fullTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const money = (minor: number | string) => formatMoney(typeof minor === "number" ? String(Math.round(minor)) : minor, currency, locale);
  const hasCost = workloads.some((workload) => workload.totalCostMinor !== "0");

  return (
    <ChartFrame
      title={t("billing.usageHeading")}
      headingLevel={2}
      plotHeight={240}
      status={<RangePicker value={range} onChange={onRange} />}
      data-testid="billing-usage"
      footer={
        workloads.length > 0 ? (
          <ul className="flex flex-wrap gap-x-4 gap-y-1">
            {workloads.map((workload, index) => (
              <li key={workload.workload} className="flex items-center gap-1.5">
                <span className="inline-block size-2 rounded-full" style={{ background: COLORS[index % COLORS.length] }} aria-hidden="true" />
                {t("billing.usageTotal", { workload: workload.workload, amount: money(workload.totalCostMinor) })}
              </li>
            ))}
          </ul>
        ) : null
      }
    >
      {loading && !usage ? <Skeleton className="h-full w-full" /> : null}
      {usage && !hasCost ? <p className="flex h-full items-center justify-center text-sm text-muted-foreground">{t("billing.usageEmpty")}</p> : null}
      {usage && hasCost ? (
        <>
          <table className="sr-only">
            <caption>{t("billing.usageTableCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("billing.workload")}</th>
                <th scope="col">{t("billing.cost")}</th>
              </tr>
            </thead>
            <tbody>
              {workloads.map((workload) => (
                <tr key={workload.workload}>
                  <th scope="row">{workload.workload}</th>
                  <td>{money(workload.totalCostMinor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className={cx("h-full w-full", loading ? "opacity-60" : undefined)} aria-hidden="true">
            <ResponsiveContainer width="100%" height="100%" minWidth={0}>
              <BarChart data={data} margin={{ top: 12, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
                <XAxis
                  dataKey="t"
                  tickFormatter={(value: number) => axisTime.format(value)}
                  tick={{ fill: "var(--muted-foreground)", fontSize: 11 }}
                  stroke="var(--border-strong)"
                  minTickGap={24}
                />
                <YAxis width={80} tickFormatter={(value: number) => money(value)} tick={{ fill: "var(--muted-foreground)", fontSize: 11 }} stroke="var(--border-strong)" />
                <Tooltip
                  isAnimationActive={false}
                  cursor={{ fill: "var(--muted)" }}
                  content={({ active, payload, label }) => {
                    if (!active || !payload?.length) return null;
                    return (
                      <div className="rounded-md border border-border bg-surface-raised px-3 py-2 text-xs shadow-md">
                        <p className="mb-1 font-medium text-foreground">{fullTime.format(Number(label))}</p>
                        <ul className="space-y-0.5">
                          {payload.map((entry) => (
                            <li key={String(entry.dataKey)} className="flex items-center gap-2">
                              <span className="inline-block size-2 rounded-full" style={{ background: entry.color }} />
                              <span className="text-muted-foreground">{String(entry.name)}</span>
                              <span className="ml-auto font-mono tabular-nums text-foreground">{money(Number(entry.value))}</span>
                            </li>
                          ))}
                        </ul>
                      </div>
                    );
                  }}
                />
                {workloads.map((workload, index) => (
                  <Bar key={workload.workload} dataKey={`w${index}`} name={workload.workload} stackId="cost" fill={COLORS[index % COLORS.length]} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
        </>
      ) : null}
    </ChartFrame>
  );
}

/** 24 h / 7 d / 30 d as a radio group: one tab stop, arrow keys move and choose. */
function RangePicker({ value, onChange }: { value: BillingUsageRange; onChange: (range: BillingUsageRange) => void }) {
  const t = useT();
  return <SegmentedRadioGroup options={RANGES} value={value} onChange={onChange} label={t("billing.usageRange")} optionLabel={(range) => t(`billing.ranges.${range}`)} />;
}
