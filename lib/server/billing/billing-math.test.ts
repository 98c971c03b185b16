import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chargeWithCarry, EXACT_DENOMINATOR, exactCharge, roundToMinor } from "./rate-usage";
import { cutIntoWindows, type RunningInterval } from "./usage-windows";

const interval = (startSeconds: number, endSeconds: number): RunningInterval => ({
  tenantId: "t",
  podUid: "uid",
  container: "app",
  cpuMillicores: 250,
  memoryMiB: 512,
  startSeconds,
  endSeconds,
});

describe("usage windows", () => {
  it("cuts at UTC hours and price changes, one window per piece", () => {
    const start = Date.UTC(2026, 10, 25, 9, 50) / 1000;
    const change = Date.UTC(2026, 10, 25, 10, 30) / 1000;
    const windows = cutIntoWindows(interval(start, start + 3 * 3600), [change]);
    expect(windows.map((w) => [new Date(w.windowStartSeconds * 1000).toISOString().slice(11, 16), w.seconds])).toEqual([
      ["09:50", 600],
      ["10:00", 1800],
      ["10:30", 1800],
      ["11:00", 3600],
      ["12:00", 3000],
    ]);
    expect(windows[2].hourStartSeconds).toBe(Date.UTC(2026, 10, 25, 10) / 1000);
    expect(windows[0].cpuMillicoreSeconds).toBe(250n * 600n);
  });

  it("covers any interval exactly: no gap, no overlap, each window inside one hour", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e9 }), fc.integer({ min: 0, max: 4 * 86_400 }), fc.array(fc.integer({ min: 0, max: 4 * 86_400 }), { maxLength: 5 }), (start, length, changes) => {
        const windows = cutIntoWindows(interval(start, start + length), changes.map((c) => start + c));
        expect(windows.reduce((sum, w) => sum + w.seconds, 0)).toBe(length);
        let at = start;
        for (const w of windows) {
          expect(w.windowStartSeconds).toBe(at);
          expect(w.seconds).toBeGreaterThan(0);
          expect(Math.floor((w.windowStartSeconds + w.seconds - 1) / 3600)).toBe(w.hourStartSeconds / 3600);
          at += w.seconds;
        }
        // Re-metering yields the same windows (their identity is pod, container and start).
        expect(cutIntoWindows(interval(start, start + length), changes.map((c) => start + c))).toEqual(windows);
      }),
    );
  });
});

describe("rating", () => {
  it("prices an hour of 1 vCPU and 1 GiB exactly at the card's rates", () => {
    const rates = { cpuMicroMinorPerVcpuHour: 2_772_000n, memoryMicroMinorPerGiBHour: 371_000n }; // 2.772 and 0.371 cents
    const exact = exactCharge({ cpuMillicoreSeconds: 1000n * 3600n, memoryMiBSeconds: 1024n * 3600n }, rates);
    expect(exact.cpu * 1000n / EXACT_DENOMINATOR).toBe(2772n); // in thousandths of a minor unit
    expect(exact.memory * 1000n / EXACT_DENOMINATOR).toBe(371n);
    expect(roundToMinor(exact.total)).toBe(3n); // 3.143 cents
  });

  it("charges a period's pieces so they sum to the rounded exact total, whatever the pieces", () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: EXACT_DENOMINATOR * 50n }), { maxLength: 200 }), (pieces) => {
        let accrued = 0n;
        let charged = 0n;
        for (const piece of pieces) {
          const charge = chargeWithCarry(accrued, piece);
          expect(charge).toBeGreaterThanOrEqual(0n);
          charged += charge;
          accrued += piece;
        }
        expect(charged).toBe(roundToMinor(accrued));
      }),
    );
  });
});
