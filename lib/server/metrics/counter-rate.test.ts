import { describe, expect, it } from "vitest";
import { counterRate } from "./counter-rate";

describe("counterRate", () => {
  it("is the increase per second between two readings", () => {
    expect(counterRate(100, 115, 15_000)).toBe(1);
    expect(counterRate(2.5, 2.5, 15_000)).toBe(0);
  });

  it("counts from zero after a reset, as Prometheus's rate() does", () => {
    // A container restarted: its counter fell from 900 to 30, so 30 was counted since the restart.
    expect(counterRate(900, 30, 15_000)).toBe(2);
  });

  it("says nothing about readings out of time order or not numbers", () => {
    expect(counterRate(1, 2, 0)).toBeNull();
    expect(counterRate(1, 2, -15_000)).toBeNull();
    expect(counterRate(NaN, 2, 15_000)).toBeNull();
  });
});
