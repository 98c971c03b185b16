import { beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { type DatabaseHandle } from "@/lib/server/db/database";
import { metricRollups1h, metricRollups1m } from "@/lib/server/db/schema";
import { DATABASE_ENGINES } from "@/scripts/test-support/postgres-test-database";
import { useMigratedDatabase } from "@/scripts/test-support/use-migrated-database";
import { MetricWindow } from "./metric-window";
import { pruneRollups } from "./prune-rollups";
import { readRollupSeries } from "./read-rollup-series";
import { writeHourRollups } from "./write-hour-rollups";
import { writeMinuteRollups } from "./write-minute-rollups";

// Rollups on both engines: a minute of the in-memory hour becomes one row per workload / namespace / node / cluster
// series (never pods) with avg and max; writing again never duplicates; the hour is weighted by cycles; old rows go.

const HOUR = Date.UTC(2026, 10, 25, 10, 0, 0);
const MINUTE = 60_000;

/** Four cycles a minute (15 s) for `minutes` minutes from HOUR, CPU rising by 0.1 core a cycle. */
function filledWindow(minutes: number, cycleMs = 15_000): MetricWindow {
  const window = new MetricWindow();
  for (let t = HOUR, i = 0; t < HOUR + minutes * MINUTE; t += cycleMs, i++) {
    window.beginCycle(t);
    window.record("pod:t-acme/web-1", { cpuCores: 0.1 * i, memoryBytes: 100 });
    window.record("workload:t-acme/Deployment/web", { cpuCores: 0.1 * i, memoryBytes: 100 + i });
    window.record("namespace:t-acme", { cpuCores: 0.1 * i });
    window.record("node:n1", { cpuCores: 1, memoryBytes: 1000 });
    window.record("cluster", { cpuCores: 1 });
  }
  return window;
}

describe.each(DATABASE_ENGINES)("metric rollups on %s", (_label, prepare) => {
  let handle: DatabaseHandle;
  useMigratedDatabase(prepare, (opened) => (handle = opened));
  beforeEach(async () => {
    await handle.db.delete(metricRollups1m);
    await handle.db.delete(metricRollups1h);
  });

  it("writes one row per rolled-up series for the minute, with the average and maximum, and no pod rows", async () => {
    const window = filledWindow(2);
    expect(await writeMinuteRollups(handle.db, window, HOUR + MINUTE)).toBe(4);
    const rows = await handle.db.select().from(metricRollups1m);
    expect(rows.map((row) => row.series).sort()).toEqual(["cluster", "namespace:t-acme", "node:n1", "workload:t-acme/Deployment/web"]);
    const web = rows.find((row) => row.series === "workload:t-acme/Deployment/web")!;
    // Cycles 4..7 of the second minute: CPU 0.4, 0.5, 0.6, 0.7; memory 104..107.
    expect(web).toMatchObject({ bucket: new Date(HOUR + MINUTE), samples: 4, memoryBytesAvg: 105.5, memoryBytesMax: 107, rxBytesPerSecondAvg: null });
    expect(web.cpuCoresAvg).toBeCloseTo(0.55, 5);
    expect(web.cpuCoresMax).toBeCloseTo(0.7, 5);
  });

  it("never duplicates a minute written twice, and keeps the row computed from more cycles", async () => {
    const full = filledWindow(1);
    await writeMinuteRollups(handle.db, full, HOUR);
    await writeMinuteRollups(handle.db, full, HOUR);
    // A writer that only saw the minute's last cycle (a standby that just took over) does not replace it…
    const partial = new MetricWindow();
    partial.beginCycle(HOUR + 45_000);
    partial.record("workload:t-acme/Deployment/web", { cpuCores: 9 });
    await writeMinuteRollups(handle.db, partial, HOUR);
    const rows = await handle.db.select().from(metricRollups1m).where(sql`series = 'workload:t-acme/Deployment/web'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ samples: 4 });
    expect(rows[0].cpuCoresMax).toBeCloseTo(0.3, 5);
    // …but a row from fewer cycles is replaced by a fuller one.
    await handle.db.delete(metricRollups1m);
    await writeMinuteRollups(handle.db, partial, HOUR);
    await writeMinuteRollups(handle.db, full, HOUR);
    const replaced = await handle.db.select().from(metricRollups1m).where(sql`series = 'workload:t-acme/Deployment/web'`);
    expect(replaced[0]).toMatchObject({ samples: 4 });
  });

  it("rolls minutes into the hour weighted by their cycles, and rewriting the hour changes nothing", async () => {
    const window = filledWindow(3);
    for (let m = 0; m < 3; m++) await writeMinuteRollups(handle.db, window, HOUR + m * MINUTE);
    // A minute from the next hour must not count.
    const next = new MetricWindow();
    next.beginCycle(HOUR + 60 * MINUTE);
    next.record("workload:t-acme/Deployment/web", { cpuCores: 100 });
    await writeMinuteRollups(handle.db, next, HOUR + 60 * MINUTE);
    await writeHourRollups(handle.db, HOUR);
    await writeHourRollups(handle.db, HOUR);
    const rows = await handle.db.select().from(metricRollups1h).where(sql`series = 'workload:t-acme/Deployment/web'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ bucket: new Date(HOUR), samples: 12, memoryBytesMax: 111 });
    expect(rows[0].cpuCoresAvg).toBeCloseTo(0.55, 5); // mean of 0.0 … 1.1
    expect(rows[0].cpuCoresMax).toBeCloseTo(1.1, 5);
  });

  it("reads a rollup series with a point per bucket and null for the minutes without data", async () => {
    const window = filledWindow(3);
    await writeMinuteRollups(handle.db, window, HOUR);
    await writeMinuteRollups(handle.db, window, HOUR + 2 * MINUTE);
    const series = await readRollupSeries(handle.db, "1m", "node:n1", HOUR - 30_000, HOUR + 2 * MINUTE);
    expect(series.timestamps).toEqual([HOUR, HOUR + MINUTE, HOUR + 2 * MINUTE]);
    expect(series.values.cpuCores).toEqual([1, null, 1]);
    expect(series.values.rxBytesPerSecond).toEqual([null, null, null]);
  });

  it("prunes 1-minute rows older than 7 days and 1-hour rows older than 90 days", async () => {
    const day = 24 * 3_600_000;
    const now = HOUR;
    const row = (bucketMs: number) => ({ series: "cluster", bucket: new Date(bucketMs), samples: 1, cpuCoresAvg: 1 });
    await handle.db.insert(metricRollups1m).values([row(now - 8 * day), row(now - 6 * day), row(now - MINUTE)]);
    await handle.db.insert(metricRollups1h).values([row(now - 91 * day), row(now - 89 * day)]);
    expect(await pruneRollups(handle.db, now)).toEqual({ minutes: 1, hours: 1 });
    expect((await handle.db.select().from(metricRollups1m)).map((r) => r.bucket.getTime()).sort()).toEqual([now - 6 * day, now - MINUTE]);
    expect((await handle.db.select().from(metricRollups1h)).map((r) => r.bucket.getTime())).toEqual([now - 89 * day]);
  });
});
