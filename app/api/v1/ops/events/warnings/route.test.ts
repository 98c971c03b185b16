import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/scripts/test-support/api-test-harness";
import { startOpsMonitoringFixture, type OpsMonitoringFixture } from "@/scripts/test-support/ops-monitoring-fixture";
import { GET } from "./route";

let fixture: OpsMonitoringFixture;
beforeAll(async () => {
  fixture = await startOpsMonitoringFixture();
}, 240_000);
afterAll(async () => fixture?.stop());

const warnings = (session: string | undefined) => call(GET, "GET", "/api/v1/ops/events/warnings", { session });

describe("warning events across tenants", () => {
  it("are refused to a tenant user and to nobody signed in", async () => {
    expect((await warnings(fixture.owner)).status).toBe(403);
    expect((await warnings(undefined)).status).toBe(401);
  });

  it("list the failed image pull with its tenant and object, newest first, and no Normal events", async () => {
    const response = await warnings(fixture.admin);
    expect(response.status).toBe(200);
    const items = response.body.items as { tenant: unknown; namespace: string; object: { kind: string; name: string }; reason: string; message: string; lastSeenAt: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(response.body.total).toBe(items.length);
    const pull = items.find((event) => event.reason === "Failed" && /acme\/missing:v1/.test(event.message));
    expect(pull).toMatchObject({ tenant: { slug: "acme", name: "Acme" }, namespace: "t-acme", object: { kind: "Pod", name: expect.stringMatching(/^broken-/) } });
    expect(items.every((event) => event.namespace === "t-acme" && !/^(Scheduled|Pulled|Started|Created)$/.test(event.reason))).toBe(true);
    const times = items.map((event) => event.lastSeenAt);
    expect(times).toEqual([...times].sort().reverse());
  });
});
