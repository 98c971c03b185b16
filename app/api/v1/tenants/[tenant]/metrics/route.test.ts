import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import type { WatchCache } from "@/lib/server/kubernetes/watch-cache";
import { clusterCollectorOptions, setMetricsServiceForTests } from "@/lib/server/metrics/get-metrics-service";
import { MetricsService } from "@/lib/server/metrics/metrics-service";
import { writeHourRollups } from "@/lib/server/metrics/write-hour-rollups";
import { writeMinuteRollups } from "@/lib/server/metrics/write-minute-rollups";
import { call, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { startClusterApiHarness, type ClusterApiHarness } from "@/scripts/test-support/cluster-api-harness";
import type { FakeRegistry, TestCluster } from "@/scripts/test-support/test-cluster";
import { GET } from "./route";

// The metrics API against the simulated cluster: the tenant's deployment runs a scripted load (300 millicores and
// 200 MiB per container, two pods), the collector service scrapes it through the API server, and the answers must
// show that load, only to that tenant, from the right store for the range, and say when a node went stale.

const SPEED = 200;
const MIB = 1024 * 1024;
let env: ClusterApiHarness;
let harness: ApiHarness;
let cluster: TestCluster;
let registry: FakeRegistry;
let cache: WatchCache;
let service: MetricsService;
let owner: string;
let outsider: string;
const params = { tenant: "acme" };

function deployment(namespace: string, name: string, image: string) {
  return JSON.stringify({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "app",
              image,
              env: [
                { name: "APIARY_SIM_CPU_MILLICORES", value: "300" },
                { name: "APIARY_SIM_MEMORY_MIB", value: "200" },
              ],
              resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      },
    },
  });
}

async function kubectl(args: string[], stdin?: string): Promise<string> {
  const result = await cluster.kubectl(args, stdin === undefined ? {} : { stdin });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

const metrics = (query: string, session = owner) => call(GET, "GET", `/api/v1/tenants/acme/metrics?${query}`, { session, params });

/** Scrape cycles about 30 simulated seconds apart; 21 of them span the load model's ten-minute wave. */
async function cycles(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await service.tick();
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** The interval-weighted mean of a series' values: the integral over its span divided by the span. */
function weightedMean(timestamps: number[], values: (number | null)[]): number {
  let sum = 0;
  let span = 0;
  for (let i = 1; i < timestamps.length; i++) {
    const value = values[i];
    if (value === null) continue;
    const seconds = (timestamps[i] - timestamps[i - 1]) / 1000;
    sum += value * seconds;
    span += seconds;
  }
  return sum / span;
}

const within = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected) / expected).toBeLessThan(tolerance);

beforeAll(async () => {
  env = await startClusterApiHarness({ images: [{ repository: "acme/busy", tag: "v1" }, { repository: "globex/hidden", tag: "v1" }], cluster: { nodes: 2, speed: SPEED } });
  ({ harness, registry, cluster, cache } = env);
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  outsider = (await call(signup, "POST", "/api/v1/signup", { body: { email: "out@example.com", password: "correct horse battery", name: "X", tenantName: "Globex" } })).sessionToken!;
  await kubectl(["apply", "-f", "-"], deployment("t-acme", "busy", `${registry.host}/acme/busy:v1`));
  await kubectl(["apply", "-f", "-"], deployment("t-globex", "hidden", `${registry.host}/globex/hidden:v1`));
  for (const [namespace, name] of [["t-acme", "busy"], ["t-globex", "hidden"]]) {
    await cluster.waitFor(async () => (await kubectl(["get", "deploy", name, "-n", namespace, "-o", "jsonpath={.status.readyReplicas}"])) === "2" || undefined, 60_000, `${name} ready`);
  }
  await cluster.waitFor(() => cache.list("pods", "t-acme").filter((pod) => pod.status?.phase === "Running").length === 2 || undefined, 60_000, "the cache to see the pods");
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
  await cycles(21);
}, 240_000);

afterAll(async () => {
  await service?.stop();
  setMetricsServiceForTests(undefined);
  await env?.stop();
});

describe("tenant metrics", () => {
  it("shows a deployment's scripted CPU and memory, its requests and limits, and a line per pod", async () => {
    const response = await metrics("target=deployment/busy&range=15m");
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body).toMatchObject({ target: { type: "deployment", name: "busy", workloadKind: "Deployment" }, source: "memory", stepSeconds: 15, stale: false, staleNodes: [] });
    within(weightedMean(body.series.timestamps, body.series.cpuCores), 0.6, 0.05);
    within(weightedMean(body.series.timestamps, body.series.memoryBytes), 400 * MIB, 0.05);
    expect(body.series.cpuCores[0]).toBeNull(); // the first cycle has nothing to take a rate from: a gap, not a zero
    expect(body.ageSeconds).not.toBeNull();
    expect(body.resources).toEqual({
      replicas: 2,
      perPod: { requests: { cpuCores: 0.25, memoryBytes: 256 * MIB }, limits: { cpuCores: 0.5, memoryBytes: 512 * MIB } },
      total: { requests: { cpuCores: 0.5, memoryBytes: 512 * MIB }, limits: { cpuCores: 1, memoryBytes: 1024 * MIB } },
    });
    expect(body.pods).toHaveLength(2);
    for (const pod of body.pods) {
      expect(pod.name).toMatch(/^busy-/);
      within(weightedMean(pod.series.timestamps, pod.series.memoryBytes), 200 * MIB, 0.05);
    }
  });

  it("shows one pod of the tenant by name", async () => {
    const pod = cache.list("pods", "t-acme")[0].metadata!.name!;
    const response = await metrics(`target=pod/${pod}&range=15m`);
    expect(response.status).toBe(200);
    expect(response.body.target).toEqual({ type: "pod", name: pod, workloadKind: null });
    within(weightedMean(response.body.series.timestamps, response.body.series.cpuCores), 0.3, 0.05);
    expect(response.body.resources.total.requests).toEqual({ cpuCores: 0.25, memoryBytes: 256 * MIB });
    expect(response.body.pods).toBeNull();
  });

  it("answers 404 for another tenant's deployment or pod, for an unknown one, and for outsiders", async () => {
    const hidden = await metrics("target=deployment/hidden&range=1h");
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.message).toMatch(/hidden not found in tenant acme/);
    const globexPod = cache.list("pods", "t-globex")[0].metadata!.name!;
    expect((await metrics(`target=pod/${globexPod}`)).status).toBe(404);
    expect((await metrics("target=deployment/nope")).status).toBe(404);
    expect((await metrics("target=deployment/busy", outsider)).status).toBe(404);
    expect((await metrics("target=namespace/t-globex")).status).toBe(422);
    expect((await metrics("target=deployment/busy&range=2d")).status).toBe(422);
  });

  it("reads longer ranges from the rollups, without per-pod lines", async () => {
    const latest = service.window.latestCycleMs!;
    const minute = Math.floor(latest / 60_000) * 60_000;
    await writeMinuteRollups(harness.database.db, service.window, minute);
    await writeHourRollups(harness.database.db, Math.floor(minute / 3_600_000) * 3_600_000);

    const sixHours = (await metrics("target=deployment/busy&range=6h")).body;
    expect(sixHours).toMatchObject({ source: "rollups-1m", stepSeconds: 60, pods: null });
    expect(sixHours.series.timestamps.length).toBeGreaterThanOrEqual(360);
    // The service itself rolls up minutes that ended while it scraped, so there may be one more point before it.
    const present = (values: (number | null)[]) => values.filter((v) => v !== null).length;
    const index = sixHours.series.timestamps.indexOf(minute);
    expect(sixHours.series.cpuCores[index]).toBeGreaterThan(0);
    within(sixHours.series.memoryBytes[index], 400 * MIB, 0.05);
    expect(present(sixHours.series.cpuCores)).toBeLessThanOrEqual(2);
    expect(sixHours.series.cpuCores.slice(0, -3).every((v: number | null) => v === null)).toBe(true);

    const week = (await metrics("target=deployment/busy&range=7d")).body;
    expect(week).toMatchObject({ source: "rollups-1h", stepSeconds: 3600, pods: null });
    const hourIndex = week.series.timestamps.indexOf(Math.floor(minute / 3_600_000) * 3_600_000);
    within(week.series.memoryBytes[hourIndex], 400 * MIB, 0.05);
    expect(present(week.series.memoryBytes)).toBeLessThanOrEqual(2);

    // A server that does not hold the collector answers the last hour from the 1-minute rollups too.
    setMetricsServiceForTests(undefined);
    try {
      expect((await metrics("target=deployment/busy&range=1h")).body).toMatchObject({ source: "rollups-1m", stepSeconds: 60, pods: null });
    } finally {
      setMetricsServiceForTests(service);
    }
  });

  it("shows the tenant's usage against its quota and its top workloads", async () => {
    const body = (await metrics("target=tenant&range=15m")).body;
    expect(body.target).toEqual({ type: "tenant", name: "acme", workloadKind: null });
    within(weightedMean(body.series.timestamps, body.series.cpuCores), 0.6, 0.05);
    expect(body.quota).toEqual({
      plan: "free",
      requests: { quota: { cpuCores: 2, memoryBytes: 4096 * MIB }, used: { cpuCores: 0.5, memoryBytes: 512 * MIB } },
      limits: { quota: { cpuCores: 4, memoryBytes: 8192 * MIB }, used: { cpuCores: 1, memoryBytes: 1024 * MIB } },
      pods: { quota: 10, used: 2 },
    });
    expect(body.topWorkloads.byCpu.map((w: { name: string }) => w.name)).toEqual(["busy"]);
    expect(body.topWorkloads.byMemory[0]).toMatchObject({ name: "busy", kind: "Deployment" });
    // Each top workload carries its own sparkline: at most 60 points, the same load, gaps kept as gaps.
    const { sparkline } = body.topWorkloads.byCpu[0];
    expect(sparkline.timestamps.length).toBeGreaterThan(0);
    expect(sparkline.timestamps.length).toBeLessThanOrEqual(60);
    expect(sparkline.cpuCores).toHaveLength(sparkline.timestamps.length);
    expect(sparkline.timestamps.at(-1)).toBe(body.series.timestamps.at(-1));
    within(weightedMean(sparkline.timestamps, sparkline.memoryBytes), 400 * MIB, 0.05);
    const present = sparkline.cpuCores.filter((value: number | null) => value !== null);
    within(present.reduce((sum: number, value: number) => sum + value, 0) / present.length, 0.6, 0.1);
  });

  it("says the data is stale when a node the deployment runs on stops answering", async () => {
    const node = cache.list("pods", "t-acme")[0].spec!.nodeName!;
    await cluster.fault({ action: "hang-cadvisor", node, hang: true });
    try {
      await service.tick();
      const body = (await metrics("target=deployment/busy&range=15m")).body;
      expect(body).toMatchObject({ stale: true, staleNodes: [node] });
      expect((await metrics("target=tenant&range=15m")).body.staleNodes).toEqual([node]);
      // A replica that stands by knows it from the holder's record in the database.
      setMetricsServiceForTests(undefined);
      try {
        expect((await metrics("target=deployment/busy&range=6h")).body).toMatchObject({ source: "rollups-1m", stale: true, staleNodes: [node] });
      } finally {
        setMetricsServiceForTests(service);
      }
    } finally {
      await cluster.fault({ action: "hang-cadvisor", node, hang: false });
    }
    await service.tick();
    expect((await metrics("target=deployment/busy&range=15m")).body).toMatchObject({ stale: false, staleNodes: [] });
  });
});
