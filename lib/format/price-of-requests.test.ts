import { describe, expect, it } from "vitest";

import { priceOfRequests } from "./price-of-requests";

describe("priceOfRequests", () => {
  it("prices CPU and memory requests per hour and per 730-hour month", () => {
    // 250 m and 512 MiB at $0.04 per vCPU-hour and $0.005 per GiB-hour: 1 + 0.25 cents per hour.
    const price = priceOfRequests({ cpuMillicores: 250, memoryMiB: 512, replicas: 1, cpuMicroMinorPerVcpuHour: "4000000", memoryMicroMinorPerGiBHour: "500000" });
    expect(price.microMinorPerHour).toBe("1250000");
    expect(price.minorPerMonth).toBe("913"); // 1.25 × 730 = 912.5 → 913
  });

  it("multiplies by replicas", () => {
    const one = priceOfRequests({ cpuMillicores: 500, memoryMiB: 1024, replicas: 1, cpuMicroMinorPerVcpuHour: "4000000", memoryMicroMinorPerGiBHour: "500000" });
    const three = priceOfRequests({ cpuMillicores: 500, memoryMiB: 1024, replicas: 3, cpuMicroMinorPerVcpuHour: "4000000", memoryMicroMinorPerGiBHour: "500000" });
    expect(BigInt(three.microMinorPerHour)).toBe(BigInt(one.microMinorPerHour) * 3n);
  });

  it("costs nothing at zero replicas", () => {
    expect(priceOfRequests({ cpuMillicores: 1000, memoryMiB: 2048, replicas: 0, cpuMicroMinorPerVcpuHour: "4000000", memoryMicroMinorPerGiBHour: "500000" })).toEqual({ microMinorPerHour: "0", minorPerMonth: "0" });
  });

  it("stays exact for rates beyond a float's exact range", () => {
    const price = priceOfRequests({ cpuMillicores: 1000, memoryMiB: 0, replicas: 100, cpuMicroMinorPerVcpuHour: "999999999999999", memoryMicroMinorPerGiBHour: "0" });
    expect(price.microMinorPerHour).toBe("99999999999999900");
  });
});
