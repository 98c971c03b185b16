import { describe, expect, it } from "vitest";

import { formatBytes } from "@/lib/format/format-bytes";

describe("formatBytes", () => {
  it("keeps small sizes in bytes", () => {
    expect(formatBytes(0, "en")).toBe("0 B");
    expect(formatBytes(999, "en")).toBe("999 B");
  });

  it("uses decimal units like docker images, one decimal below 100", () => {
    expect(formatBytes(1234, "en")).toBe("1.2 kB");
    expect(formatBytes(52_428_800, "en")).toBe("52.4 MB");
    expect(formatBytes(734_003_200, "en")).toBe("734 MB");
    expect(formatBytes(2_000_000_000, "en")).toBe("2 GB");
  });

  it("stops at terabytes", () => {
    expect(formatBytes(5_000_000_000_000_000, "en")).toBe("5,000 TB");
  });

  it("shows a dash for a size that is not a size", () => {
    expect(formatBytes(-1, "en")).toBe("—");
    expect(formatBytes(Number.NaN, "en")).toBe("—");
  });
});
