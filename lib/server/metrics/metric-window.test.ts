import { describe, expect, it } from "vitest";
import { MetricWindow } from "./metric-window";

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
});
