import { describe, expect, it } from "vitest";
import { formatAge, humanDuration } from "./format-age";

describe("humanDuration", () => {
  it("prints ages the way kubectl does", () => {
    expect(humanDuration(5_000)).toBe("5s");
    expect(humanDuration(119_000)).toBe("119s");
    expect(humanDuration(200_000)).toBe("3m20s");
    expect(humanDuration(180_000)).toBe("3m");
    expect(humanDuration(45 * 60_000)).toBe("45m");
    expect(humanDuration(5 * 3_600_000)).toBe("5h");
    expect(humanDuration(5 * 3_600_000 + 7 * 60_000)).toBe("5h7m");
    expect(humanDuration(20 * 3_600_000)).toBe("20h");
    expect(humanDuration(2 * 86_400_000)).toBe("2d");
    expect(humanDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe("3d4h");
    expect(humanDuration(30 * 86_400_000)).toBe("30d");
    expect(humanDuration((365 * 3 + 10) * 86_400_000)).toBe("3y10d");
  });

  it("tolerates a little clock skew but flags timestamps far in the future", () => {
    expect(humanDuration(-1_500)).toBe("0s");
    expect(humanDuration(-5_000)).toBe("<invalid>");
  });

  it("says <unknown> without a timestamp", () => {
    expect(formatAge(undefined, Date.now())).toBe("<unknown>");
    expect(formatAge("2026-01-01T00:00:00Z", Date.parse("2026-01-01T00:01:30Z"))).toBe("90s");
  });
});
