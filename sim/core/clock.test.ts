import { describe, expect, it } from "vitest";
import { rfc3339 } from "./clock";
import type { Clock } from "./types";

function fixedClock(ms: number): Clock & { set(ms: number): void } {
  let now = ms;
  return {
    now: () => now,
    set: (next: number) => (now = next),
    setTimeout: () => ({ cancel() {} }),
    setInterval: () => ({ cancel() {} }),
  };
}

describe("rfc3339", () => {
  it("prints UTC with seconds precision and follows the clock from one second to the next", () => {
    const clock = fixedClock(Date.UTC(2026, 10, 25, 9, 59, 59, 999));
    expect(rfc3339(clock)).toBe("2026-11-25T09:59:59Z");
    clock.set(Date.UTC(2026, 10, 25, 10, 0, 0, 1));
    expect(rfc3339(clock)).toBe("2026-11-25T10:00:00Z");
    expect(rfc3339(clock, 30_000)).toBe("2026-11-25T10:00:30Z");
    expect(rfc3339(clock)).toBe("2026-11-25T10:00:00Z");
  });

  it("gives each clock its own time", () => {
    expect(rfc3339(fixedClock(0))).toBe("1970-01-01T00:00:00Z");
    expect(rfc3339(fixedClock(86_400_000 - 1))).toBe("1970-01-01T23:59:59Z");
  });
});
