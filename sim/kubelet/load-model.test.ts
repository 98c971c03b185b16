import { describe, expect, it } from "vitest";
import { containerLoadKey, cpuSecondsBetween, loadAt } from "./load-model";

const t0 = Date.UTC(2026, 10, 25, 9, 0, 0);

describe("load model", () => {
  it("is deterministic per container and differs between containers", () => {
    const a = { id: "uid-1/app", cpuMillicores: 200, memoryBytes: 64 << 20 };
    const b = { id: "uid-2/app", cpuMillicores: 200, memoryBytes: 64 << 20 };
    expect(loadAt(a, t0 + 1234)).toEqual(loadAt({ ...a }, t0 + 1234));
    expect(loadAt(a, t0 + 1234).cpuMillicores).not.toBe(loadAt(b, t0 + 1234).cpuMillicores);
  });

  it("integrates exactly: the counter equals a numeric integral of the instantaneous load", () => {
    const key = { id: "uid-3/web", cpuMillicores: 400, memoryBytes: 1 << 28 };
    let numeric = 0;
    const step = 100;
    for (let t = t0; t < t0 + 120_000; t += step) numeric += (loadAt(key, t + step / 2).cpuMillicores / 1000) * (step / 1000);
    expect(cpuSecondsBetween(key, t0, t0 + 120_000)).toBeCloseTo(numeric, 3);
  });

  it("averages to the scripted level over whole periods", () => {
    const key = { id: "uid-4/api", cpuMillicores: 250, memoryBytes: 1 << 28 };
    // 600 s and 47 s periods: over 28,200 s both complete whole cycles.
    const seconds = 28_200;
    expect(cpuSecondsBetween(key, t0, t0 + seconds * 1000) / seconds).toBeCloseTo(0.25, 6);
  });

  it("never exceeds the limits and caps a scripted level above them", () => {
    const key = containerLoadKey("uid-5/app", { limits: { cpu: "500m", memory: "128Mi" } }, { cpuMillicores: 450, memoryMiB: 200 });
    for (let t = t0; t < t0 + 900_000; t += 997) {
      const s = loadAt(key, t);
      expect(s.cpuMillicores).toBeLessThanOrEqual(500 + 1e-9);
      expect(s.memoryBytes).toBeLessThanOrEqual(128 * 1024 * 1024);
    }
    expect(containerLoadKey("x", { limits: { cpu: "100m" } }, { cpuMillicores: 900 }).cpuLimitMillicores).toBe(100);
    expect(cpuSecondsBetween(containerLoadKey("x", { limits: { cpu: "100m" } }, { cpuMillicores: 900 }), t0, t0 + 60_000)).toBeCloseTo(6, 6);
  });

  it("defaults to a fraction of the requests when nothing is scripted", () => {
    const key = containerLoadKey("uid-6/app", { requests: { cpu: "1", memory: "1Gi" } }, {});
    expect(key.cpuMillicores).toBe(300);
    expect(key.memoryBytes).toBe(Math.round(0.6 * 2 ** 30));
  });
});
