import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DependencyCheck } from "@/lib/contracts/health";
import { getRegistryStatus, noteRegistryCheck, REGISTRY_STATUS_FRESH_MS, resetRegistryStatusForTests } from "./registry-reachability";

// The hub's view of the registry: one probe per server per 10 s however many pages ask, the time it was last
// reached kept through an outage, and nothing of the probe's target or error in what tenants get.

const probes = vi.hoisted(() => ({ answers: [] as DependencyCheck[], count: 0 }));
vi.mock("@/lib/server/health/probe-registry", () => ({
  probeRegistry: async () => {
    probes.count++;
    return probes.answers.shift() ?? { status: "up", latencyMs: 1, target: "http://10.0.0.5:5000" };
  },
}));

const up: DependencyCheck = { status: "up", latencyMs: 3, target: "http://10.0.0.5:5000" };
const down: DependencyCheck = { status: "down", latencyMs: 2, target: "http://10.0.0.5:5000", error: "fetch failed: connect ECONNREFUSED 10.0.0.5:5000" };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-04T12:00:00Z") });
  resetRegistryStatusForTests();
  probes.answers = [];
  probes.count = 0;
});
afterEach(() => vi.useRealTimers());

describe("registry reachability", () => {
  it("probes once for many pages within 10 s, and again after", async () => {
    probes.answers = [up, down];
    const together = await Promise.all([getRegistryStatus(), getRegistryStatus(), getRegistryStatus()]);
    expect(together.map((status) => status.reachable)).toEqual([true, true, true]);
    vi.setSystemTime(Date.now() + REGISTRY_STATUS_FRESH_MS - 1);
    expect((await getRegistryStatus()).reachable).toBe(true);
    expect(probes.count).toBe(1);
    vi.setSystemTime(Date.now() + 1);
    expect((await getRegistryStatus()).reachable).toBe(false);
    expect(probes.count).toBe(2);
  });

  it("keeps when the registry was last reached through an outage, and says never when it has not been", async () => {
    probes.answers = [down];
    expect(await getRegistryStatus()).toEqual({ reachable: false, checkedAt: "2026-12-04T12:00:00.000Z", lastReachableAt: null });
    vi.setSystemTime(new Date("2026-12-04T12:01:00Z"));
    probes.answers = [up];
    expect((await getRegistryStatus()).lastReachableAt).toBe("2026-12-04T12:01:00.000Z");
    vi.setSystemTime(new Date("2026-12-04T12:05:00Z"));
    probes.answers = [down];
    const status = await getRegistryStatus();
    expect(status).toEqual({ reachable: false, checkedAt: "2026-12-04T12:05:00.000Z", lastReachableAt: "2026-12-04T12:01:00.000Z" });
    expect(JSON.stringify(status)).not.toMatch(/10\.0\.0\.5|ECONNREFUSED/);
  });

  it("takes readiness's probe as its own, so the two agree without probing twice", async () => {
    noteRegistryCheck(down);
    expect((await getRegistryStatus()).reachable).toBe(false);
    expect(probes.count).toBe(0);
  });
});
