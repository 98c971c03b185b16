import { describe, expect, it } from "vitest";
import { parseCpuMillicores, parseMemoryMiB } from "./parse-quantity";

describe("parseCpuMillicores", () => {
  it("reads millicores, whole and fractional cores exactly", () => {
    expect(parseCpuMillicores("250m")).toBe(250);
    expect(parseCpuMillicores("1")).toBe(1000);
    expect(parseCpuMillicores("0.1")).toBe(100);
    expect(parseCpuMillicores("1.5")).toBe(1500);
    expect(parseCpuMillicores(2)).toBe(2000);
  });

  it("rounds fractional millicores up as the API server does, and refuses what is not a quantity", () => {
    expect(parseCpuMillicores("100u")).toBe(1);
    expect(parseCpuMillicores("lots")).toBeNull();
    expect(parseCpuMillicores(undefined)).toBeNull();
  });
});

describe("parseMemoryMiB", () => {
  it("reads binary and decimal units", () => {
    expect(parseMemoryMiB("512Mi")).toBe(512);
    expect(parseMemoryMiB("1Gi")).toBe(1024);
    expect(parseMemoryMiB("1048576")).toBe(1);
    expect(parseMemoryMiB("1G")).toBe(954);
    expect(parseMemoryMiB("2048Ki")).toBe(2);
  });
});
