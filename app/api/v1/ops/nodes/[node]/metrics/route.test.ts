import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/scripts/test-support/api-test-harness";
import { MIB, startOpsMonitoringFixture, type OpsMonitoringFixture } from "@/scripts/test-support/ops-monitoring-fixture";
import { GET as clusterGET } from "@/app/api/v1/ops/metrics/cluster/route";
import { GET } from "./route";

let fixture: OpsMonitoringFixture;
let nodes: string[];
beforeAll(async () => {
  fixture = await startOpsMonitoringFixture();
  nodes = (await fixture.kubectl(["get", "nodes", "-o", "jsonpath={.items[*].metadata.name}"])).split(" ").sort();
}, 240_000);
afterAll(async () => fixture?.stop());

const nodeMetrics = (session: string | undefined, node: string, query = "range=15m") => call(GET, "GET", `/api/v1/ops/nodes/${node}/metrics?${query}`, { session, params: { node } });

describe("one node's metrics", () => {
  it("are refused to a tenant user and to nobody signed in", async () => {
    expect((await nodeMetrics(fixture.owner, nodes[0])).status).toBe(403);
    expect((await nodeMetrics(undefined, nodes[0])).status).toBe(401);
  });

  it("give each node's series, pods, requests and allocatable, summing to the scripted load", async () => {
    const bodies = await Promise.all(nodes.map(async (node) => (await nodeMetrics(fixture.admin, node)).body));
    for (const [i, body] of bodies.entries()) {
      expect(body).toMatchObject({ node: nodes[i], source: "memory", stepSeconds: 15, stale: false, lastError: null, lastScrapeAt: expect.any(String) });
      expect(body.allocatable.cpuCores).toBeGreaterThan(0);
      expect(body.series.timestamps.length).toBe(4);
    }
    expect(bodies.reduce((sum, body) => sum + body.pods, 0)).toBe(3);
    expect(bodies.reduce((sum, body) => sum + (body.requested.cpuCores ?? 0), 0)).toBeCloseTo(0.75, 6);
    // The nodes' newest points sum to the cluster's, which holds at least busy's two pods of 200 MiB (on a ±5 % wave).
    const memory = bodies.reduce((sum, body) => sum + body.series.memoryBytes.at(-1), 0);
    const clusterMemory = (await call(clusterGET, "GET", "/api/v1/ops/metrics/cluster?range=15m", { session: fixture.admin })).body.series.memoryBytes.at(-1);
    expect(memory).toBeCloseTo(clusterMemory, -3);
    expect(memory).toBeGreaterThanOrEqual(400 * MIB * 0.95);
  });

  it("mark a node that stops answering stale with its error, keeping the old points", async () => {
    await fixture.env.cluster.fault({ action: "hang-cadvisor", node: nodes[0], hang: true });
    try {
      await fixture.service.tick();
    } finally {
      await fixture.env.cluster.fault({ action: "hang-cadvisor", node: nodes[0], hang: false });
    }
    const body = (await nodeMetrics(fixture.admin, nodes[0])).body;
    expect(body).toMatchObject({ stale: true, lastError: expect.stringMatching(/did not answer/) });
    expect(body.series.cpuCores.some((v: number | null) => v !== null)).toBe(true);
    expect((await nodeMetrics(fixture.admin, nodes[1])).body.stale).toBe(false);
  });

  it("answer 404 naming an unknown node and 422 for an unknown range", async () => {
    const missing = await nodeMetrics(fixture.admin, "node-404");
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/node-404/);
    expect((await nodeMetrics(fixture.admin, nodes[0], "range=2h")).status).toBe(422);
  });
});
