import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db/database";
import { metricRollups1m } from "@/lib/server/db/schema";
import type { MetricWindow } from "./metric-window";
import { isRolledUpSeries, ROLLUP_COLUMNS } from "./rollup-columns";

// Every minute, the finished minute of the in-memory hour becomes one row per rolled-up series: average and maximum
// of each metric over the scrape cycles in it. Writing the same minute again (a restart, a second writer after a
// lease handover) keeps the row computed from more cycles, never a duplicate.

export const MINUTE_MS = 60_000;
const BATCH = 500;

export type MinuteRollupRow = typeof metricRollups1m.$inferInsert;

/** The rows of the minute starting at `bucketStartMs` (cycles with bucketStart ≤ t < bucketStart + 1 min). */
export function minuteRollupsOf(window: MetricWindow, bucketStartMs: number): MinuteRollupRow[] {
  const rows: MinuteRollupRow[] = [];
  for (const key of window.seriesKeys()) {
    if (!isRolledUpSeries(key)) continue;
    const series = window.read(key, bucketStartMs, bucketStartMs + MINUTE_MS - 1);
    if (!series || series.timestamps.length === 0) continue;
    const row: MinuteRollupRow = { series: key, bucket: new Date(bucketStartMs), samples: 0 };
    for (const { metric, avgKey, maxKey } of ROLLUP_COLUMNS) {
      const present = series.values[metric].filter((value): value is number => value !== null);
      if (present.length === 0) continue;
      row[avgKey] = present.reduce((sum, value) => sum + value, 0) / present.length;
      row[maxKey] = Math.max(...present);
      row.samples = Math.max(row.samples, present.length);
    }
    if (row.samples > 0) rows.push(row);
  }
  return rows;
}

/** Writes the minute's rows; returns how many rows it offered. */
export async function writeMinuteRollups(db: Database, window: MetricWindow, bucketStartMs: number): Promise<number> {
  const rows = minuteRollupsOf(window, bucketStartMs);
  const set = Object.fromEntries([["samples", sql.raw("excluded.samples")], ...ROLLUP_COLUMNS.flatMap(({ avgKey, maxKey, avg, max }) => [[avgKey, sql.raw(`excluded.${avg}`)], [maxKey, sql.raw(`excluded.${max}`)]])]);
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insert(metricRollups1m)
      .values(rows.slice(i, i + BATCH))
      .onConflictDoUpdate({ target: [metricRollups1m.series, metricRollups1m.bucket], set, setWhere: sql`excluded.samples > ${metricRollups1m.samples}` });
  }
  return rows.length;
}
