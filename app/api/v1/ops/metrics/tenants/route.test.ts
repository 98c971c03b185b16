import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { call } from "@/scripts/test-support/api-test-harness";
import { MIB, startOpsMonitoringFixture, type OpsMonitoringFixture } from "@/scripts/test-support/ops-monitoring-fixture";
import { MINUTE_MS, writeMinuteRollups } from "@/lib/server/metrics/write-minute-rollups";
import { GET } from "./route";

let fixture: OpsMonitoringFixture;
beforeAll(async () => {
  fixture = await startOpsMonitoringFixture();
  // A second tenant with nothing running ranks below Acme.
  await call(signup, "POST", "/api/v1/signup", { body: { email: "idle@example.com", password: "correct horse battery", name: "I", tenantName: "Idle" } });
}, 240_000);
afterAll(async () => fixture?.stop());

const usage = (session: string | undefined, query = "range=15m") => call(GET, "GET", `/api/v1/ops/metrics/tenants?${query}`, { session });

describe("tenants ranked by usage", () => {
  it("are refused to a tenant user and to nobody signed in", async () => {
    expect((await usage(fixture.owner)).status).toBe(403);
    expect((await usage(undefined)).status).toBe(401);
  });

  it("rank the tenant running the scripted load first, with its usage, requests and pods", async () => {
    const response = await usage(fixture.admin);
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body.total).toBe(2);
    expect(body.items.map((item: { tenant: { slug: string } }) => item.tenant.slug)).toEqual(["acme", "idle"]);
    const [acme, idle] = body.items;
    expect(acme).toMatchObject({ namespace: "t-acme", tenant: { name: "Acme", status: "active" }, pods: 3, requested: { cpuCores: 0.75, memoryBytes: 768 * MIB } });
    // The newest point of the collector's namespace series, exactly; the scripted load is two pods of 200 MiB on a
    // ±5 % wave (the broken pod never started).
    const window = fixture.service.window.read("namespace:t-acme")!;
    expect(acme.latest.memoryBytes).toBe(window.values.memoryBytes.at(-1));
    expect(Math.abs(acme.latest.memoryBytes - 400 * MIB) / (400 * MIB)).toBeLessThanOrEqual(0.05);
    expect(acme.used.cpuCores).toBeGreaterThan(0);
    expect(idle).toMatchObject({ pods: 0, used: { cpuCores: null, memoryBytes: null }, requested: { cpuCores: null, memoryBytes: null } });
    expect(body.ageSeconds).not.toBeNull();
  });

  it("rank by pods on request and refuse an unknown sort with the field named", async () => {
    expect((await usage(fixture.admin, "range=15m&sort=pods")).body.items[0].tenant.slug).toBe("acme");
    const bad = await usage(fixture.admin, "sort=disk");
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body.error)).toMatch(/sort/);
  });

  it("rank over 24 h from the rollups, every tenant in one query, with the rolled-up usage", async () => {
    // The minutes the collector's cycles fell in, rolled up now (the service rolls a minute once it has ended).
    const window = fixture.service.window;
    const series = window.read("namespace:t-acme")!;
    const minutes = [...new Set(series.timestamps.map((t) => Math.floor(t / MINUTE_MS) * MINUTE_MS))];
    for (const minute of minutes) await writeMinuteRollups(fixture.env.harness.database.db, window, minute);
    const response = await usage(fixture.admin, "range=24h");
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { tenant: { slug: string } }) => item.tenant.slug)).toEqual(["acme", "idle"]);
    const [acme, idle] = response.body.items;
    // Each minute's row averages its cycles; the 24 h mean is the mean of the minutes', the newest the last minute's.
    const minuteMean = (minute: number) => {
      const values = series.values.memoryBytes.filter((v, i) => v !== null && Math.floor(series.timestamps[i] / MINUTE_MS) * MINUTE_MS === minute) as number[];
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    const means = minutes.map(minuteMean);
    expect(acme.used.memoryBytes / (means.reduce((a, b) => a + b, 0) / means.length)).toBeCloseTo(1, 5);
    expect(acme.latest.memoryBytes / means.at(-1)!).toBeCloseTo(1, 5);
    expect(acme.used.cpuCores).toBeGreaterThan(0);
    expect(acme).toMatchObject({ pods: 3, requested: { cpuCores: 0.75, memoryBytes: 768 * MIB } });
    expect(idle).toMatchObject({ pods: 0, used: { cpuCores: null, memoryBytes: null }, latest: { cpuCores: null, memoryBytes: null } });
    expect(response.body.ageSeconds).not.toBeNull();
  });
});
