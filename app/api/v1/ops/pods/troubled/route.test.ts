import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/scripts/test-support/api-test-harness";
import { startOpsMonitoringFixture, type OpsMonitoringFixture } from "@/scripts/test-support/ops-monitoring-fixture";
import { GET } from "./route";

let fixture: OpsMonitoringFixture;
beforeAll(async () => {
  fixture = await startOpsMonitoringFixture();
}, 240_000);
afterAll(async () => fixture?.stop());

const troubled = (session: string | undefined) => call(GET, "GET", "/api/v1/ops/pods/troubled", { session });

describe("pods in trouble across tenants", () => {
  it("are refused to a tenant user and to nobody signed in", async () => {
    expect((await troubled(fixture.owner)).status).toBe(403);
    expect((await troubled(undefined)).status).toBe(401);
  });

  it("list the pod stuck pulling its image with tenant, workload, node and reason, and not the healthy ones", async () => {
    const response = await troubled(fixture.admin);
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(1);
    const [pod] = response.body.items;
    expect(pod).toMatchObject({ tenant: { slug: "acme", name: "Acme" }, namespace: "t-acme", workload: { kind: "Deployment", name: "broken" }, phase: "Pending", restarts: 0 });
    expect(pod.name).toMatch(/^broken-/);
    expect(pod.node).toMatch(/\S/);
    expect(["ErrImagePull", "ImagePullBackOff"]).toContain(pod.reason);
    expect(pod.message).toMatch(/acme\/missing:v1/);
  });
});
