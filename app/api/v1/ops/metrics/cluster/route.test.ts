import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signIn } from "@/app/api/v1/session/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { createPlatformAdmin } from "@/lib/server/auth/platform-admins";
import type { WatchCache } from "@/lib/server/kubernetes/watch-cache";
import { clusterCollectorOptions, setMetricsServiceForTests } from "@/lib/server/metrics/get-metrics-service";
import { MetricsService } from "@/lib/server/metrics/metrics-service";
import { call, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { startClusterApiHarness, type ClusterApiHarness } from "@/scripts/test-support/cluster-api-harness";
import type { FakeRegistry, TestCluster } from "@/scripts/test-support/test-cluster";
import { GET } from "./route";

// The operators' capacity view against the simulated cluster: two pods requesting 250 m / 256 Mi each and using a
// scripted 300 m / 200 Mi; allocatable comes from the nodes, requested from the pods, used from the collector.

const MIB = 1024 * 1024;
let env: ClusterApiHarness;
let harness: ApiHarness;
let cluster: TestCluster;
let registry: FakeRegistry;
let cache: WatchCache;
let service: MetricsService;
let admin: string;
let owner: string;

async function kubectl(args: string[], stdin?: string): Promise<string> {
  const result = await cluster.kubectl(args, stdin === undefined ? {} : { stdin });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  env = await startClusterApiHarness({ images: [{ repository: "team/busy", tag: "v1" }], cluster: { nodes: 2, speed: 200 } });
  ({ harness, registry, cluster, cache } = env);
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  await createPlatformAdmin({ email: "ops@example.com", password: "operator password 1" });
  admin = (await call(signIn, "POST", "/api/v1/session", { body: { email: "ops@example.com", password: "operator password 1" } })).sessionToken!;
  const container = {
    name: "app",
    image: `${registry.host}/team/busy:v1`,
    env: [
      { name: "APIARY_SIM_CPU_MILLICORES", value: "300" },
      { name: "APIARY_SIM_MEMORY_MIB", value: "200" },
    ],
    resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
  };
  const manifest = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "busy", namespace: "default" }, spec: { replicas: 2, selector: { matchLabels: { app: "busy" } }, template: { metadata: { labels: { app: "busy" } }, spec: { containers: [container] } } } };
  await kubectl(["apply", "-f", "-"], JSON.stringify(manifest));
  await cluster.waitFor(async () => (await kubectl(["get", "deploy", "busy", "-o", "jsonpath={.status.readyReplicas}"])) === "2" || undefined, 60_000, "2 ready pods");
  await cluster.waitFor(() => cache.list("pods", "default").filter((pod) => pod.spec?.nodeName && pod.status?.phase === "Running").length === 2 || undefined, 60_000, "the cache to see the pods");
  service = new MetricsService({
    holder: "test",
    database: async () => harness.database.db,
    intervalMs: 15_000,
    // The server's own wiring (nodes listed with Apiary's credentials, topology from the watch cache), faster timeout.
    collector: () => ({ ...clusterCollectorOptions(), timeoutMs: 2_000 }),
    onError: (error) => {
      throw error;
    },
  });
  setMetricsServiceForTests(service);
  for (let i = 0; i < 4; i++) {
    await service.tick();
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}, 240_000);

afterAll(async () => {
  await service?.stop();
  setMetricsServiceForTests(undefined);
  await env?.stop();
});

const capacity = (session = admin, query = "range=15m") => call(GET, "GET", `/api/v1/ops/metrics/cluster?${query}`, { session });

describe("cluster capacity", () => {
  it("is for platform admins only", async () => {
    expect((await capacity(owner)).status).toBe(403);
  });

  it("shows allocatable, requested and used per node and for the cluster", async () => {
    const response = await capacity();
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body).toMatchObject({ source: "memory", stepSeconds: 15 });
    const nodeNames = (await kubectl(["get", "nodes", "-o", "jsonpath={.items[*].metadata.name}"])).split(" ").sort();
    expect(body.nodes.map((n: { name: string }) => n.name)).toEqual(nodeNames);
    const allocatableCpu = await kubectl(["get", "node", nodeNames[0], "-o", "jsonpath={.status.allocatable.cpu}"]);
    expect(body.nodes[0].allocatable.cpuCores * 1000).toBe(allocatableCpu.endsWith("m") ? Number(allocatableCpu.slice(0, -1)) : Number(allocatableCpu) * 1000);
    expect(body.capacity.requested).toEqual({ cpuCores: 0.5, memoryBytes: 512 * MIB });
    expect(body.nodes.reduce((sum: number, n: { pods: number }) => sum + n.pods, 0)).toBe(2);
    expect(body.capacity.used.memoryBytes).toBeGreaterThanOrEqual(400 * MIB * 0.98);
    expect(body.capacity.used.cpuCores).toBeGreaterThan(0);
    expect(body.capacity.allocatable.cpuCores).toBeGreaterThan(body.capacity.requested.cpuCores);
    for (const node of body.nodes) expect(node).toMatchObject({ stale: false, lastError: null, lastScrapeAt: expect.any(String) });
    expect(body.series.cpuCores.filter((v: number | null) => v !== null).length).toBe(3);
  });

  it("flags a node that stops answering as stale, with the error", async () => {
    const [node] = (await kubectl(["get", "nodes", "-o", "jsonpath={.items[*].metadata.name}"])).split(" ").sort();
    await cluster.fault({ action: "hang-cadvisor", node, hang: true });
    try {
      await service.tick();
    } finally {
      await cluster.fault({ action: "hang-cadvisor", node, hang: false });
    }
    const body = (await capacity()).body;
    expect(body.nodes.find((n: { name: string }) => n.name === node)).toMatchObject({ stale: true, lastError: expect.stringMatching(/did not answer/) });
    expect(body.nodes.filter((n: { stale: boolean }) => n.stale)).toHaveLength(1);
  });

  it("on a server that does not hold the collector, reads the rollups and the holder's node states", async () => {
    const [stale] = (await kubectl(["get", "nodes", "-o", "jsonpath={.items[*].metadata.name}"])).split(" ").sort();
    setMetricsServiceForTests(undefined);
    try {
      const body = (await capacity(admin, "range=1h")).body;
      expect(body).toMatchObject({ source: "rollups-1m", stepSeconds: 60 });
      expect(body.capacity.requested).toEqual({ cpuCores: 0.5, memoryBytes: 512 * MIB });
      // The holder's latest cycle (the one above) could not read that node.
      expect(body.nodes.filter((n: { stale: boolean }) => n.stale).map((n: { name: string }) => n.name)).toEqual([stale]);
    } finally {
      setMetricsServiceForTests(service);
    }
  });
});
