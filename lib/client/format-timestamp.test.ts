import { describe, expect, it } from "vitest";

import { formatRelative } from "@/lib/client/format-timestamp";

describe("formatRelative", () => {
  const now = Date.parse("2026-11-25T10:00:00.000Z");

  it("says how long ago and how far ahead, in the largest fitting unit", () => {
    expect(formatRelative("2026-11-25T09:57:00.000Z", "en", now)).toBe("3 minutes ago");
    expect(formatRelative("2026-11-27T10:00:00.000Z", "en", now)).toBe("in 2 days");
  });

  it("calls the last minute 'now'", () => {
    expect(formatRelative("2026-11-25T09:59:45.000Z", "en", now)).toBe("this minute");
  });
});
