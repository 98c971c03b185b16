import "server-only";
import { sql } from "drizzle-orm";
import { textArrayLiteral } from "@/lib/server/db/array-literal";
import type { Database } from "@/lib/server/db/database";
import { WINDOW_METRICS, type WindowMetric } from "./metric-window";
import { ROLLUP_COLUMNS } from "./rollup-columns";

// Many series summed up over a range in one grouped query, for the operators' rankings and capacity views, which
// would otherwise read one series per tenant or node (1,000 queries for a 24 h tenant ranking). Per series and
// metric: the mean of the buckets' averages that have a value (what meanOf gives over readRollupSeries' points),
// the newest bucket's average that has a value (lastPresent), and the newest bucket with any value (ageOfSeries).

export interface RollupSummary {
  mean: Record<WindowMetric, number | null>;
  latest: Record<WindowMetric, number | null>;
  /** The newest bucket with any metric present, ms since the epoch. */
  newestMs: number | null;
}

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows);

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Summaries of `keys` over the buckets in [fromMs, toMs]; a key without rows is absent from the map. */
export async function readRollupSummaries(db: Database, resolution: "1m" | "1h", keys: readonly string[], fromMs: number, toMs: number): Promise<Map<string, RollupSummary>> {
  const out = new Map<string, RollupSummary>();
  if (keys.length === 0) return out;
  const table = sql.raw(resolution === "1m" ? "metric_rollups_1m" : "metric_rollups_1h");
  const anyPresent = sql.raw(ROLLUP_COLUMNS.map(({ avg }) => `${avg} is not null`).join(" or "));
  const columns = sql.raw(
    ROLLUP_COLUMNS.map(
      ({ avg }, m) =>
        `avg(${avg})::float8 as mean_${m}, (array_agg(${avg} order by bucket desc) filter (where ${avg} is not null))[1] as latest_${m}`,
    ).join(", "),
  );
  const result = await db.execute(sql`
    select series, ${columns}, (extract(epoch from max(bucket) filter (where ${anyPresent})) * 1000)::float8 as newest_ms
    from ${table}
    where series = any(${textArrayLiteral(keys)}::text[]) and bucket >= ${new Date(fromMs).toISOString()}::timestamptz and bucket <= ${new Date(toMs).toISOString()}::timestamptz
    group by series`);
  for (const row of rowsOf<Record<string, unknown>>(result)) {
    const mean = {} as Record<WindowMetric, number | null>;
    const latest = {} as Record<WindowMetric, number | null>;
    WINDOW_METRICS.forEach((metric, m) => {
      mean[metric] = numberOrNull(row[`mean_${m}`]);
      latest[metric] = numberOrNull(row[`latest_${m}`]);
    });
    out.set(String(row.series), { mean, latest, newestMs: numberOrNull(row.newest_ms) });
  }
  return out;
}

/**
 * The newest bucket's average of `metrics` (each its own newest present value) per key in [fromMs, toMs], without
 * the means: one index probe per key and metric (the primary key is (series, bucket)) rather than reading every
 * bucket of the range, for the capacity view's "used" over 24 h or 7 d. A key without a value is absent.
 */
export async function readLatestRollupValues(
  db: Database,
  resolution: "1m" | "1h",
  keys: readonly string[],
  metrics: readonly WindowMetric[],
  fromMs: number,
  toMs: number,
): Promise<Map<string, Partial<Record<WindowMetric, number>>>> {
  const out = new Map<string, Partial<Record<WindowMetric, number>>>();
  if (keys.length === 0 || metrics.length === 0) return out;
  const table = resolution === "1m" ? "metric_rollups_1m" : "metric_rollups_1h";
  const columns = metrics.map((metric) => ROLLUP_COLUMNS.find((column) => column.metric === metric)!);
  const from = new Date(fromMs).toISOString();
  const to = new Date(toMs).toISOString();
  const probes = sql.join(
    columns.map(
      ({ avg }, m) =>
        sql`(select r.${sql.raw(avg)} from ${sql.raw(table)} r where r.series = k.series and r.bucket >= ${from}::timestamptz and r.bucket <= ${to}::timestamptz and r.${sql.raw(avg)} is not null order by r.bucket desc limit 1) as ${sql.raw(`latest_${m}`)}`,
    ),
    sql`, `,
  );
  const result = await db.execute(sql`select k.series, ${probes} from unnest(${textArrayLiteral(keys)}::text[]) as k(series)`);
  for (const row of rowsOf<Record<string, unknown>>(result)) {
    const values: Partial<Record<WindowMetric, number>> = {};
    columns.forEach(({ metric }, m) => {
      const value = numberOrNull(row[`latest_${m}`]);
      if (value !== null) values[metric] = value;
    });
    if (Object.keys(values).length > 0) out.set(String(row.series), values);
  }
  return out;
}
