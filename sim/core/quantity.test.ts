import { describe, expect, it } from "vitest";
import { cpuToMillicores, formatBytes, formatMillicores, InvalidQuantityError, memoryToBytes } from "./quantity";

describe("quantities", () => {
  it("reads CPU in millicores from cores, millicores and exponents", () => {
    expect(cpuToMillicores("250m")).toBe(250);
    expect(cpuToMillicores("1.5")).toBe(1500);
    expect(cpuToMillicores(2)).toBe(2000);
    expect(cpuToMillicores("1e-1")).toBe(100);
    expect(cpuToMillicores("100000n")).toBe(1); // rounds a fraction of a millicore up
  });

  it("reads memory in bytes from binary and decimal suffixes", () => {
    expect(memoryToBytes("512Mi")).toBe(512 * 1024 * 1024);
    expect(memoryToBytes("1G")).toBe(1_000_000_000);
    expect(memoryToBytes("1.5Gi")).toBe(1.5 * 2 ** 30);
    expect(memoryToBytes("128974848")).toBe(128974848);
  });

  it("rejects text that is not a quantity with the API server's message", () => {
    expect(() => cpuToMillicores("lots")).toThrow(InvalidQuantityError);
    expect(() => memoryToBytes("1 Gi")).toThrow(/regular expression/);
  });

  it("formats back to the canonical form", () => {
    expect(formatMillicores(2000)).toBe("2");
    expect(formatMillicores(250)).toBe("250m");
    expect(formatBytes(512 * 2 ** 20)).toBe("512Mi");
    expect(formatBytes(1000)).toBe("1000");
  });
});
