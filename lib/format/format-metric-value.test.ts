import { describe, expect, it } from "vitest";
import { formatBinaryBytes, formatBytesPerSecond, formatCores, formatMetricValue } from "./format-metric-value";

const MIB = 1024 * 1024;

describe("formatMetricValue", () => {
  it("writes CPU under a core in millicores and from one core up in cores", () => {
    expect(formatCores(0.25, "en")).toBe("250m");
    expect(formatCores(0.0004, "en")).toBe("0.4m");
    expect(formatCores(1, "en")).toBe("1 core");
    expect(formatCores(1.5, "en")).toBe("1.5 cores");
    expect(formatCores(0, "en")).toBe("0");
    expect(formatCores(2, "zh-CN")).toBe("2 核");
  });

  it("writes memory in binary units, as Kubernetes requests and limits are written", () => {
    expect(formatBinaryBytes(512, "en")).toBe("512 B");
    expect(formatBinaryBytes(1536, "en")).toBe("1.5 KiB");
    expect(formatBinaryBytes(200 * MIB, "en")).toBe("200 MiB");
    expect(formatBinaryBytes(2 * 1024 * MIB, "en")).toBe("2 GiB");
    expect(formatBinaryBytes(12.34 * MIB, "en")).toBe("12.3 MiB");
  });

  it("writes throughput per second", () => {
    expect(formatBytesPerSecond(2048, "en")).toBe("2 KiB/s");
    expect(formatBytesPerSecond(3.5 * MIB, "en")).toBe("3.5 MiB/s");
  });

  it("shows a missing point as a dash, never as zero", () => {
    expect(formatMetricValue(null, "cores", "en")).toBe("—");
    expect(formatMetricValue(undefined, "bytes", "en")).toBe("—");
    expect(formatMetricValue(0, "bytes", "en")).toBe("0 B");
  });

  it("uses the reader's digits", () => {
    expect(formatBinaryBytes(1536 * MIB, "de")).toBe("1,5 GiB");
  });
});
