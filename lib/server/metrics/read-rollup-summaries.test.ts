import { beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle } from "@/lib/server/db/database";
import { metricRollups1h, metricRollups1m } from "@/lib/server/db/schema";
import { DATABASE_ENGINES } from "@/scripts/test-support/postgres-test-database";
import { useMigratedDatabase } from "@/scripts/test-support/use-migrated-database";
import { WINDOW_METRICS } from "./metric-window";
import { MetricWindow } from "./metric-window";
import { readRollupSeries } from "./read-rollup-series";
import { readLatestRollupValues, readRollupSummaries } from "./read-rollup-summaries";
import { ageOfSeries, meanOf, toMetricSeries } from "./read-target-series";
import { lastPresent } from "./sum-amounts";
import { writeMinuteRollups } from "./write-minute-rollups";

// The grouped reads the operators' ranking and capacity views use must say what reading each series on its own
// says (readRollupSeries, then meanOf / lastPresent / ageOfSeries): over 1,000 tenants that is one query, not 1,000.

const START = Date.UTC(2026, 10, 25, 10, 0, 0);
const MINUTE = 60_000;
const MINUTES = 30;
const KEYS = ["namespace:t-a", "namespace:t-b", "namespace:t-gone", "node:n1", "node:n2", "namespace:t-never"];

/** 30 minutes of cycles: t-a every cycle, t-b with memory only in its first 20 minutes and CPU only in its last
 *  20, t-gone only in the first 5 minutes, n1 and n2 with values of several magnitudes; t-never nothing. */
function filledWindow(): MetricWindow {
  const window = new MetricWindow();
  for (let t = START, i = 0; t < START + MINUTES * MINUTE; t += 15_000, i++) {
    const minute = Math.floor(i / 4);
    window.beginCycle(t);
    window.record("namespace:t-a", { cpuCores: 0.1 * (i % 7) + 0.05, memoryBytes: 100 * 2 ** 20 + i * 4096, rxBytesPerSecond: 1500 + i });
    window.record("namespace:t-b", { ...(minute < 20 ? { memoryBytes: 3e9 - i } : {}), ...(minute >= 10 ? { cpuCores: 2.5 + i / 1000 } : {}) });
    if (minute < 5) window.record("namespace:t-gone", { cpuCores: 1, memoryBytes: 1 });
    window.record("node:n1", { cpuCores: 31.9 - i / 100, memoryBytes: 1.2e11 + i });
    window.record("node:n2", { cpuCores: 1e-3 * i, memoryBytes: 7 });
  }
  return window;
}

describe.each(DATABASE_ENGINES)("grouped rollup reads on %s", (_label, prepare) => {
  let handle: DatabaseHandle;
  useMigratedDatabase(prepare, (opened) => (handle = opened));
  beforeAll(async () => {
    await handle.db.delete(metricRollups1m);
    await handle.db.delete(metricRollups1h);
    const window = filledWindow();
    for (let minute = START; minute < START + MINUTES * MINUTE; minute += MINUTE) await writeMinuteRollups(handle.db, window, minute);
  });

  for (const [label, fromMs, toMs] of [
    ["the whole range", START - 10 * MINUTE, START + 40 * MINUTE],
    ["a range that cuts the data", START + 7 * MINUTE, START + 22 * MINUTE],
  ] as const) {
    it(`give each series' mean, newest value and age as reading it alone does, over ${label}`, async () => {
      const summaries = await readRollupSummaries(handle.db, "1m", KEYS, fromMs, toMs);
      const latest = await readLatestRollupValues(handle.db, "1m", KEYS, ["cpuCores", "memoryBytes"], fromMs, toMs);
      for (const key of KEYS) {
        const series = toMetricSeries(await readRollupSeries(handle.db, "1m", key, fromMs, toMs));
        const age = ageOfSeries(series, toMs);
        const summary = summaries.get(key);
        if (age === null) {
          expect(summary?.newestMs ?? null, key).toBeNull();
          expect(latest.has(key), key).toBe(false);
          continue;
        }
        expect(summary, key).toBeDefined();
        expect(Math.round((toMs - summary!.newestMs!) / 1000), key).toBe(age);
        for (const metric of WINDOW_METRICS) {
          const mean = meanOf(series[metric]);
          if (mean === null) expect(summary!.mean[metric], `${key} ${metric}`).toBeNull();
          // The database sums the stored single-precision values; JavaScript their shortest decimal forms.
          else expect(Math.abs(summary!.mean[metric]! - mean), `${key} ${metric}`).toBeLessThanOrEqual(Math.abs(mean) * 1e-6);
          expect(summary!.latest[metric], `${key} ${metric}`).toBe(lastPresent(series[metric]));
        }
        expect(latest.get(key), key).toEqual({
          ...(lastPresent(series.cpuCores) !== null ? { cpuCores: lastPresent(series.cpuCores) } : {}),
          ...(lastPresent(series.memoryBytes) !== null ? { memoryBytes: lastPresent(series.memoryBytes) } : {}),
        });
      }
      expect(summaries.has("namespace:t-never")).toBe(false);
      expect(summaries.get("namespace:t-b")!.mean.cpuCores).not.toBeNull();
    });
  }

  it("answer nothing for no keys", async () => {
    expect((await readRollupSummaries(handle.db, "1h", [], 0, Date.now())).size).toBe(0);
    expect((await readLatestRollupValues(handle.db, "1h", [], ["cpuCores"], 0, Date.now())).size).toBe(0);
  });
});
