import { describe, expect, it } from "vitest";

import { formatElapsed } from "@/lib/format/format-elapsed";

describe("formatElapsed", () => {
  it("shows seconds, then minutes with padded seconds, then hours with padded minutes", () => {
    expect(formatElapsed(45_900)).toBe("45s");
    expect(formatElapsed(185_000)).toBe("3m 05s");
    expect(formatElapsed(3_720_000)).toBe("1h 02m");
  });

  it("never shows a negative time when the clocks of browser and cluster disagree", () => {
    expect(formatElapsed(-2_000)).toBe("0s");
  });
});
