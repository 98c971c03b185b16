import "server-only";
import type { MetricSeries, MetricsRange } from "@/lib/contracts/tenant-metrics";
import { getDatabase } from "@/lib/server/db/get-database";
import { getMetricsService } from "./get-metrics-service";
import { WINDOW_METRICS, type WindowSeries } from "./metric-window";
import { readRollupSeries } from "./read-rollup-series";

// Where a range's points come from (DESIGN.md § Metrics): up to an hour from the in-memory hour when this server
// holds the collector (else the 1-minute rollups), 6 h and 24 h from the 1-minute rollups, 7 d from the hourly ones.

export const RANGE_MS: Record<MetricsRange, number> = { "15m": 15 * 60_000, "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 24 * 3_600_000, "7d": 7 * 24 * 3_600_000 };

export type SeriesSource = "memory" | "rollups-1m" | "rollups-1h";

export interface TargetSeries {
  series: MetricSeries;
  source: SeriesSource;
  stepSeconds: number;
}

/** Where `range` is read from in this process. */
export function sourceOfRange(range: MetricsRange): SeriesSource {
  if (RANGE_MS[range] <= 3_600_000) return getMetricsService()?.holdsLease ? "memory" : "rollups-1m";
  return range === "7d" ? "rollups-1h" : "rollups-1m";
}

export function toMetricSeries(series: WindowSeries | undefined): MetricSeries {
  return { timestamps: series?.timestamps ?? [], ...(Object.fromEntries(WINDOW_METRICS.map((m) => [m, series?.values[m] ?? []])) as Omit<MetricSeries, "timestamps">) };
}

/** The series `key` over the last `range`; an unknown series reads as no points (memory) or all gaps (rollups). */
export async function readTargetSeries(key: string, range: MetricsRange, nowMs = Date.now()): Promise<TargetSeries> {
  const source = sourceOfRange(range);
  const fromMs = nowMs - RANGE_MS[range];
  if (source === "memory") {
    const service = getMetricsService()!;
    return { series: toMetricSeries(service.window.read(key, fromMs, nowMs)), source, stepSeconds: service.intervalMs / 1000 };
  }
  const { db } = await getDatabase();
  const resolution = source === "rollups-1h" ? "1h" : "1m";
  return { series: toMetricSeries(await readRollupSeries(db, resolution, key, fromMs, nowMs)), source, stepSeconds: resolution === "1h" ? 3600 : 60 };
}

/** Seconds from the newest point with any value to `nowMs`; null when no point has one. */
export function ageOfSeries(series: MetricSeries, nowMs = Date.now()): number | null {
  for (let i = series.timestamps.length - 1; i >= 0; i--) {
    if (WINDOW_METRICS.some((metric) => series[metric][i] !== null)) return Math.max(0, Math.round((nowMs - series.timestamps[i]) / 1000));
  }
  return null;
}

/** Mean of a metric's present values, or null. */
export function meanOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0 ? null : present.reduce((sum, value) => sum + value, 0) / present.length;
}
