import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMPACT_AFTER_CYCLES, MetricWindow, WINDOW_METRICS } from "./metric-window";

describe("MetricWindow", () => {
  it("reads back what each cycle recorded, oldest first, with null where a series was absent", () => {
    const window = new MetricWindow(4);
    window.beginCycle(1000);
    window.record("pod:a/web-1", { cpuCores: 0.25, memoryBytes: 1024 });
    window.beginCycle(2000);
    window.beginCycle(3000);
    window.record("pod:a/web-1", { cpuCores: 0.5 });
    const series = window.read("pod:a/web-1")!;
    expect(series.timestamps).toEqual([1000, 2000, 3000]);
    expect(series.values.cpuCores).toEqual([0.25, null, 0.5]);
    expect(series.values.memoryBytes).toEqual([1024, null, null]);
    expect(window.latest("pod:a/web-1")).toEqual({ cpuCores: 0.5 });
    expect(window.read("pod:a/other")).toBeUndefined();
  });

  it("keeps only the last `capacity` cycles and never shows a value from a window ago", () => {
    const window = new MetricWindow(3);
    window.beginCycle(1);
    window.record("s", { cpuCores: 1 });
    window.beginCycle(2);
    window.record("s", { cpuCores: 2 });
    window.beginCycle(3);
    window.beginCycle(4);
    window.beginCycle(5);
    window.record("s", { cpuCores: 5 });
    // Slots of cycles 1 and 2 were reused by 4 and 5; the series was absent in 3 and 4.
    expect(window.read("s")).toMatchObject({ timestamps: [3, 4, 5], values: { cpuCores: [null, null, 5] } });
  });

  it("cuts a time range and forgets series gone for a whole window", () => {
    const window = new MetricWindow(2);
    window.beginCycle(10);
    window.record("gone", { cpuCores: 1 });
    window.record("stays", { cpuCores: 1 });
    window.beginCycle(20);
    window.record("stays", { cpuCores: 2 });
    expect(window.read("stays", 15, 25)?.values.cpuCores).toEqual([2]);
    window.beginCycle(30);
    window.record("stays", { cpuCores: 3 });
    window.beginCycle(40);
    expect(window.read("gone")).toBeUndefined();
    expect(window.seriesCount).toBe(1);
  });

  it("gives a series' newest present value in a range, skipping cycles it missed or had no value in", () => {
    const window = new MetricWindow(4);
    window.beginCycle(10);
    window.record("node:a", { cpuCores: 1, memoryBytes: 100 });
    window.beginCycle(20);
    window.record("node:a", { memoryBytes: 200 });
    window.beginCycle(30);
    expect(window.newestValue("node:a", "cpuCores")).toBe(1);
    expect(window.newestValue("node:a", "memoryBytes")).toBe(200);
    expect(window.newestValue("node:a", "cpuCores", 15)).toBeNull();
    expect(window.newestValue("node:a", "memoryBytes", 0, 15)).toBe(100);
    expect(window.newestValue("node:b", "cpuCores")).toBeNull();
    // Four cycles later the slots of 10 and 20 hold other cycles: their old values are not read back.
    for (const t of [40, 50, 60, 70]) window.beginCycle(t);
    expect(window.newestValue("node:a", "memoryBytes")).toBeNull();
  });

  it("keeps a replaced pod's samples in an array of its own cycles, not a whole hour, and reads them back the same", () => {
    const capacity = 240;
    const window = new MetricWindow(capacity);
    const perSeries = capacity * WINDOW_METRICS.length * 4;
    // 100 pods run for 40 cycles; a rollout replaces them with 100 others, which run on.
    for (let cycle = 0; cycle < 40; cycle++) {
      window.beginCycle(cycle * 15_000);
      for (let pod = 0; pod < 100; pod++) window.record(`pod:a/old-${pod}`, { cpuCores: cycle + pod / 1000 });
    }
    const before = window.read("pod:a/old-7")!;
    for (let cycle = 40; cycle < 60; cycle++) {
      window.beginCycle(cycle * 15_000);
      for (let pod = 0; pod < 100; pod++) window.record(`pod:a/new-${pod}`, { cpuCores: 1 });
    }
    expect(window.compactedSeriesCount).toBe(100);
    // 100 live rings, and 100 old pods holding their 40 cycles each.
    expect(window.bytes - 240 * 8).toBe(100 * perSeries + 100 * 40 * WINDOW_METRICS.length * 4);
    const after = window.read("pod:a/old-7")!;
    expect(after.values.cpuCores.slice(0, 40)).toEqual(before.values.cpuCores);
    expect(after.values.cpuCores.slice(40)).toEqual(new Array(20).fill(null));
    expect(window.newestValue("pod:a/old-7", "cpuCores")).toBeCloseTo(39.007, 3);
    expect(window.latest("pod:a/old-7")).toBeUndefined();
  });

  it("reads the same whether series were compacted or not, whatever cycles each series missed", () => {
    const keys = ["a", "b", "c"];
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.array(fc.array(fc.boolean(), { minLength: keys.length, maxLength: keys.length }), { minLength: 1, maxLength: 60 }),
        (capacity, presence) => {
          const window = new MetricWindow(capacity);
          // What each series recorded, by cycle: the model the window must agree with.
          const recorded = new Map<string, Map<number, number>>();
          presence.forEach((present, cycle) => {
            window.beginCycle(1000 + cycle);
            keys.forEach((key, k) => {
              if (!present[k]) return;
              const value = cycle * 10 + k;
              window.record(key, { cpuCores: value });
              if (!recorded.has(key)) recorded.set(key, new Map());
              recorded.get(key)!.set(cycle, value);
            });
          });
          const cycles = presence.length;
          const shown = Array.from({ length: Math.min(cycles, capacity) }, (_, i) => cycles - Math.min(cycles, capacity) + i);
          for (const key of keys) {
            const series = window.read(key);
            const values = recorded.get(key);
            if (!series) {
              // Unknown, or dropped after missing a whole window.
              expect(values === undefined || [...values.keys()].every((cycle) => cycles - 1 - cycle >= capacity)).toBe(true);
              continue;
            }
            expect(series.timestamps).toEqual(shown.map((cycle) => 1000 + cycle));
            expect(series.values.cpuCores).toEqual(shown.map((cycle) => values?.get(cycle) ?? null));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("turns a compacted series back into a ring when it is recorded again (a node that answers again)", () => {
    const window = new MetricWindow(10);
    for (let cycle = 0; cycle < 8; cycle++) {
      window.beginCycle(cycle);
      if (cycle < 2) window.record("pod:a/web-1", { cpuCores: cycle + 1 });
    }
    expect(window.compactedSeriesCount).toBe(1);
    expect(8 - 1 - 1).toBeGreaterThan(COMPACT_AFTER_CYCLES);
    window.beginCycle(8);
    window.record("pod:a/web-1", { cpuCores: 9 });
    expect(window.compactedSeriesCount).toBe(0);
    expect(window.read("pod:a/web-1")?.values.cpuCores).toEqual([1, 2, null, null, null, null, null, null, 9]);
    expect(window.latest("pod:a/web-1")).toEqual({ cpuCores: 9 });
  });
});
