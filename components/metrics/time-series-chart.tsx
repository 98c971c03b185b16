"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { hasAnyValue, latestPoint, toChartRows } from "@/components/metrics/chart-rows";
import { DataAge, type DataFreshness } from "@/components/metrics/data-age";
import { ChartFrame } from "@/components/ui/chart-frame";
import { Skeleton } from "@/components/ui/skeleton";
import { formatMetricValue, type MetricUnit } from "@/lib/format/format-metric-value";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

export type ChartLine = {
  key: string;
  label: string;
  values: readonly (number | null)[];
  color: string;
  /** Thin, faded lines (one per pod) drawn under the main ones. */
  minor?: boolean;
};
export type ChartReference = { key: string; label: string; value: number; color: string };

/** Line colours readable on both the light and the dark surface. */
export const CHART_COLORS = {
  primary: "oklch(62% 0.19 255)",
  secondary: "oklch(68% 0.16 160)",
  request: "var(--muted-foreground)",
  limit: "var(--danger)",
  minor: ["oklch(70% 0.12 300)", "oklch(72% 0.13 60)", "oklch(70% 0.12 200)", "oklch(68% 0.14 20)", "oklch(72% 0.12 120)"],
} as const;

function timeFormat(locale: string, spanMs: number, withSeconds: boolean): Intl.DateTimeFormat {
  if (spanMs > 36 * 3_600_000) return new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  return new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", ...(withSeconds ? { second: "2-digit" } : {}) });
}

type TooltipEntry = { dataKey?: unknown; value?: unknown; color?: string; name?: unknown };

/**
 * One metric over time: lines (null points are gaps), request and limit as dashed reference lines, a tooltip with
 * values in their unit and the point's time, a legend that doubles as the latest-values summary, and the data's
 * age. The sr-only table says the same as the picture for screen readers.
 */
export function TimeSeriesChart({
  title,
  unit,
  timestamps,
  lines,
  references = [],
  freshness,
  testId,
  note,
}: {
  title: string;
  unit: MetricUnit;
  timestamps: readonly number[];
  lines: readonly ChartLine[];
  references?: readonly ChartReference[];
  freshness: DataFreshness;
  testId?: string;
  note?: string;
}) {
  const t = useT();
  const locale = useLocale();
  const format = (value: number | null | undefined) => formatMetricValue(value, unit, locale);
  const hasData = hasAnyValue(lines) && timestamps.length > 0;
  const major = lines.filter((line) => !line.minor);
  const span = timestamps.length > 1 ? timestamps[timestamps.length - 1]! - timestamps[0]! : 0;
  // Seconds on the axis while the data spans minutes (a new 15m chart, the live tail), else minutes would repeat.
  const axisTime = timeFormat(locale, span, span <= 20 * 60_000);
  const fullTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" });
  const latest = major.map((line) => ({ line, point: latestPoint(timestamps, line.values) }));
  const newest = latest.reduce<number | null>((max, { point }) => (point && (max === null || point.at > max) ? point.at : max), null);

  const legend = (
    <ul className="flex flex-wrap gap-x-4 gap-y-1" aria-hidden="true">
      {latest.map(({ line, point }) => (
        <li key={line.key} className="inline-flex items-center gap-1.5">
          <span className="inline-block h-0.5 w-3 rounded" style={{ background: line.color }} />
          <span>{line.label}</span>
          <span className="font-mono tabular-nums text-foreground" data-testid="latest-value" data-series={line.key}>
            {point ? format(point.value) : "—"}
          </span>
        </li>
      ))}
      {references.map((reference) => (
        <li key={reference.key} className="inline-flex items-center gap-1.5">
          <span className="inline-block w-3 border-t-2 border-dashed" style={{ borderColor: reference.color }} />
          <span>{reference.label}</span>
          <span className="font-mono tabular-nums text-foreground">{format(reference.value)}</span>
        </li>
      ))}
      {note ? <li>{note}</li> : null}
    </ul>
  );

  return (
    <ChartFrame
      title={title}
      status={<DataAge freshness={freshness} />}
      footer={hasData ? legend : null}
      data-testid={testId}
      data-has-data={hasData}
      data-latest-at={newest ?? ""}
    >
      {hasData ? (
        <>
          <table className="sr-only" data-testid="chart-summary">
            <caption>{t("metrics.summary", { chart: title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("metrics.seriesColumn")}</th>
                <th scope="col">{t("metrics.valueColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {latest.map(({ line, point }) => (
                <tr key={line.key}>
                  <th scope="row">{line.label}</th>
                  <td>{point ? `${format(point.value)} (${t("metrics.summaryTime", { time: fullTime.format(point.at) })})` : t("metrics.noValue")}</td>
                </tr>
              ))}
              {references.map((reference) => (
                <tr key={reference.key}>
                  <th scope="row">{reference.label}</th>
                  <td>{format(reference.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="h-full w-full" aria-hidden="true">
            <ResponsiveContainer width="100%" height="100%" minWidth={0}>
              <LineChart data={toChartRows(timestamps, lines)} margin={{ top: 12, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
                <XAxis
                  dataKey="t"
                  type="number"
                  scale="time"
                  domain={["dataMin", "dataMax"]}
                  tickFormatter={(value: number) => axisTime.format(value)}
                  tick={{ fill: "var(--muted-foreground)", fontSize: 11 }}
                  stroke="var(--border-strong)"
                  minTickGap={24}
                />
                <YAxis
                  width={80}
                  tickFormatter={(value: number) => format(value)}
                  tick={{ fill: "var(--muted-foreground)", fontSize: 11 }}
                  stroke="var(--border-strong)"
                  allowDecimals
                />
                <Tooltip
                  isAnimationActive={false}
                  // Gaps appear in the tooltip as "no data" instead of vanishing, so a missed scrape is visible there too.
                  filterNull={false}
                  cursor={{ stroke: "var(--border-strong)" }}
                  content={({ active, payload, label }) => {
                    if (!active || !payload?.length) return null;
                    const entries = payload as readonly TooltipEntry[];
                    return (
                      <div className="rounded-md border border-border bg-surface-raised px-3 py-2 text-xs shadow-md">
                        <p className="mb-1 font-medium text-foreground">{fullTime.format(Number(label))}</p>
                        <ul className="space-y-0.5">
                          {entries.map((entry) => (
                            <li key={String(entry.dataKey)} className="flex items-center gap-2">
                              <span className="inline-block size-2 rounded-full" style={{ background: entry.color }} />
                              <span className="text-muted-foreground">{String(entry.name)}</span>
                              <span className="ml-auto font-mono tabular-nums text-foreground">
                                {typeof entry.value === "number" ? format(entry.value) : t("metrics.tooltipNoData")}
                              </span>
                            </li>
                          ))}
                          {references.map((reference) => (
                            <li key={reference.key} className="flex items-center gap-2">
                              <span className="inline-block w-2 border-t-2 border-dashed" style={{ borderColor: reference.color }} />
                              <span className="text-muted-foreground">{reference.label}</span>
                              <span className="ml-auto font-mono tabular-nums text-foreground">{format(reference.value)}</span>
                            </li>
                          ))}
                        </ul>
                      </div>
                    );
                  }}
                />
                {references.map((reference) => (
                  <ReferenceLine key={reference.key} y={reference.value} stroke={reference.color} strokeDasharray="6 4" ifOverflow="extendDomain" />
                ))}
                {lines.map((line) => (
                  <Line
                    key={line.key}
                    dataKey={line.key}
                    name={line.label}
                    type="monotone"
                    stroke={line.color}
                    strokeWidth={line.minor ? 1 : 2}
                    strokeOpacity={line.minor ? 0.7 : 1}
                    dot={false}
                    connectNulls={false}
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
        </>
      ) : (
        <div className="flex h-full flex-col items-center justify-center rounded-md border border-dashed border-border-strong text-center" data-testid="chart-empty">
          <p className="text-sm font-medium text-foreground">{t("metrics.emptyTitle")}</p>
          <p className="mt-1 max-w-xs text-xs text-muted-foreground">{t("metrics.emptyBody")}</p>
        </div>
      )}
    </ChartFrame>
  );
}

/** A chart's place while its data loads: the same frame and height, grey. */
export function TimeSeriesChartSkeleton({ title }: { title: string }) {
  return (
    <ChartFrame title={title}>
      <Skeleton className="h-full w-full" />
    </ChartFrame>
  );
}
