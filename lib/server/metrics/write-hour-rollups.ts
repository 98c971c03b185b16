import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db/database";
import { ROLLUP_COLUMNS } from "./rollup-columns";

// The hour starting at `hourStartMs`, computed from its 1-minute rows: averages weighted by each minute's cycles,
// maxima of the maxima. Recomputed whenever a minute of the hour is written, so the current hour is there too;
// an upsert, so running it twice changes nothing.

export const HOUR_MS = 3_600_000;

export async function writeHourRollups(db: Database, hourStartMs: number): Promise<void> {
  const start = new Date(hourStartMs).toISOString();
  const end = new Date(hourStartMs + HOUR_MS).toISOString();
  const columns = ROLLUP_COLUMNS.flatMap(({ avg, max }) => [avg, max]);
  const aggregates = ROLLUP_COLUMNS.flatMap(({ avg, max }) => [
    `sum(${avg} * samples) / nullif(sum(case when ${avg} is null then 0 else samples end), 0)`,
    `max(${max})`,
  ]);
  await db.execute(sql`
    insert into metric_rollups_1h (series, bucket, samples, ${sql.raw(columns.join(", "))})
    select series, ${start}::timestamptz, sum(samples), ${sql.raw(aggregates.join(", "))}
    from metric_rollups_1m
    where bucket >= ${start}::timestamptz and bucket < ${end}::timestamptz
    group by series
    on conflict (series, bucket) do update set samples = excluded.samples, ${sql.raw(columns.map((c) => `${c} = excluded.${c}`).join(", "))}`);
}
