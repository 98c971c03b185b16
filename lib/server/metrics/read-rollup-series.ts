import "server-only";
import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db/database";
import { metricRollups1h, metricRollups1m } from "@/lib/server/db/schema";
import { WINDOW_METRICS, type WindowSeries } from "./metric-window";
import { ROLLUP_COLUMNS } from "./rollup-columns";

// A series from the rollups, one point per bucket from the first bucket at or after `fromMs` to `toMs`, with null
// for buckets without a row (the collector was down, or the series did not exist yet). Values are the averages.

export async function readRollupSeries(db: Database, resolution: "1m" | "1h", key: string, fromMs: number, toMs: number): Promise<WindowSeries> {
  const table = resolution === "1m" ? metricRollups1m : metricRollups1h;
  const stepMs = resolution === "1m" ? 60_000 : 3_600_000;
  // Only the averages, and the bucket as epoch milliseconds: a 24 h chart reads 1,440 rows, each of which would
  // otherwise carry eight unused columns and a timestamp parsed into a Date only to be turned back into a number.
  const rows = await db
    .select({
      bucketMs: sql<number>`(extract(epoch from ${table.bucket}) * 1000)::float8`,
      ...Object.fromEntries(ROLLUP_COLUMNS.map(({ avgKey }) => [avgKey, table[avgKey]])),
    })
    .from(table)
    .where(and(eq(table.series, key), gte(table.bucket, new Date(fromMs)), lte(table.bucket, new Date(toMs))))
    .orderBy(asc(table.bucket));
  const byBucket = new Map(rows.map((row) => [Number(row.bucketMs), row as unknown as Record<string, number | null>]));
  const out: WindowSeries = { timestamps: [], values: Object.fromEntries(WINDOW_METRICS.map((m) => [m, []])) as unknown as WindowSeries["values"] };
  for (let bucket = Math.ceil(fromMs / stepMs) * stepMs; bucket <= toMs; bucket += stepMs) {
    const row = byBucket.get(bucket);
    out.timestamps.push(bucket);
    for (const { metric, avgKey } of ROLLUP_COLUMNS) out.values[metric].push(row?.[avgKey] ?? null);
  }
  return out;
}
