import { describe, expect, it } from "vitest";

import { formatCpuMillicores, formatMemoryMiB } from "@/lib/client/format-quantity";

describe("formatCpuMillicores", () => {
  it("shows whole and fractional cores, and millicores below one core", () => {
    expect(formatCpuMillicores(2000, "en")).toBe("2");
    expect(formatCpuMillicores(2500, "en")).toBe("2.5");
    expect(formatCpuMillicores(500, "en")).toBe("500m");
  });
});

describe("formatMemoryMiB", () => {
  it("switches to GiB from one gibibyte", () => {
    expect(formatMemoryMiB(512, "en")).toBe("512 MiB");
    expect(formatMemoryMiB(4096, "en")).toBe("4 GiB");
    expect(formatMemoryMiB(1536, "en")).toBe("1.5 GiB");
  });
});
