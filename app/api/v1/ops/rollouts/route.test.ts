import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/scripts/test-support/api-test-harness";
import { startOpsMonitoringFixture, until, type OpsMonitoringFixture } from "@/scripts/test-support/ops-monitoring-fixture";
import { GET } from "./route";

let fixture: OpsMonitoringFixture;
beforeAll(async () => {
  fixture = await startOpsMonitoringFixture();
}, 240_000);
afterAll(async () => fixture?.stop());

const rollouts = (session: string | undefined) => call(GET, "GET", "/api/v1/ops/rollouts", { session });

describe("rollouts in progress across tenants", () => {
  it("are refused to a tenant user and to nobody signed in", async () => {
    expect((await rollouts(fixture.owner)).status).toBe(403);
    expect((await rollouts(undefined)).status).toBe(401);
  });

  it("list the workload whose pods cannot start, with its tenant and progress, and not the finished one", async () => {
    const response = await rollouts(fixture.admin);
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(1);
    expect(response.body.items).toEqual([
      expect.objectContaining({
        tenant: { slug: "acme", name: "Acme" },
        namespace: "t-acme",
        name: "broken",
        kind: "Deployment",
        state: "progressing",
        desired: 1,
        updated: 1,
        available: 0,
        message: 'Waiting for deployment "broken" rollout to finish: 0 of 1 updated replicas are available',
      }),
    ]);
  });

  it("drop a rollout once it completes", async () => {
    await fixture.kubectl(["scale", "deployment", "broken", "-n", "t-acme", "--replicas=0"]);
    // Scaling down passes through "old replicas pending termination" while the pod ends; wait for the answer after.
    const body = await until(
      async () => {
        const answer = (await rollouts(fixture.admin)).body;
        return answer.total === 0 ? answer : undefined;
      },
      30_000,
      "the rollout to complete",
    );
    expect(body.items).toEqual([]);
  });
});
