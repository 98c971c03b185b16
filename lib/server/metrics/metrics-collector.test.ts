import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as k8s from "@kubernetes/client-node";
import { startFakeRegistry, startTestCluster, type FakeRegistry, type TestCluster } from "@/scripts/test-support/test-cluster";
import { MetricsCollector } from "./metrics-collector";

// The collector against the simulated cluster, whose kubelets serve cAdvisor counters from a deterministic load
// model: a container scripted at 300 millicores and 200 MiB averages exactly that over the model's ten-minute wave.
// The cluster's clock runs 200× faster, so ten simulated minutes pass in three real seconds, and rates are taken
// in the samples' own (simulated) time.

const SPEED = 200;
const MIB = 1024 * 1024;
let cluster: TestCluster;
let registry: FakeRegistry;
let kubeConfig: k8s.KubeConfig;

async function nodeNames(): Promise<string[]> {
  const list = await kubeConfig.makeApiClient(k8s.CoreV1Api).listNode();
  return list.items.map((node) => node.metadata!.name!);
}

beforeAll(async () => {
  registry = await startFakeRegistry({ images: [{ repository: "team/busy", tag: "v1" }], anonymous: true });
  cluster = await startTestCluster({ nodes: 2, speed: SPEED, registryUrl: registry.url });
  kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromFile(cluster.kubeconfigPath);
  const manifest = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "busy", namespace: "default" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "busy" } },
      template: {
        metadata: { labels: { app: "busy" } },
        spec: {
          containers: [
            {
              name: "app",
              image: `${registry.host}/team/busy:v1`,
              env: [
                { name: "APIARY_SIM_CPU_MILLICORES", value: "300" },
                { name: "APIARY_SIM_MEMORY_MIB", value: "200" },
              ],
              resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
            },
          ],
        },
      },
    },
  };
  await kubeConfig.makeApiClient(k8s.AppsV1Api).createNamespacedDeployment({ namespace: "default", body: manifest });
  await cluster.waitFor(async () => (await cluster.kubectl(["get", "deploy", "busy", "-o", "jsonpath={.status.readyReplicas}"])).stdout === "2" || undefined, 60_000, "2 ready pods");
});
afterAll(async () => {
  await cluster?.stop();
  await registry?.close();
});

describe("metrics collector", () => {
  it("measures the scripted CPU and memory of a workload within 2 %, and marks a node that stops answering stale", async () => {
    const collector = new MetricsCollector({
      kubeConfig,
      listNodes: nodeNames,
      topology: { workloadOf: (namespace, pod) => (namespace === "default" && pod.startsWith("busy-") ? { kind: "Deployment", name: "busy" } : null) },
      timeoutMs: 2_000,
    });
    // One simulated ten-minute wave, read every ~30 simulated seconds.
    const cycles = 21;
    for (let i = 0; i < cycles; i++) {
      const report = await collector.runCycle();
      expect(report.failed).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const series = collector.window.read("workload:default/Deployment/busy")!;
    const cpu = series.values.cpuCores.filter((v): v is number => v !== null);
    const memory = series.values.memoryBytes.filter((v): v is number => v !== null);
    expect(cpu).toHaveLength(cycles - 1); // the first cycle has no earlier reading to take a rate from
    const timestamps = series.timestamps;
    // The load averages its scripted level only over whole waves, so the mean is taken over the run of cycles whose
    // span is closest to one ten-minute wave (how many cycles that is depends on how fast this machine ran them). The
    // window's times are this process's clock, on which a simulated wave lasts 600 s / SPEED. Weighting each rate by
    // its interval makes the mean the integral over that span.
    const WAVE_MS = 600_000 / SPEED;
    let end = 1;
    for (let k = 1; k < timestamps.length; k++) if (Math.abs(timestamps[k] - timestamps[0] - WAVE_MS) < Math.abs(timestamps[end] - timestamps[0] - WAVE_MS)) end = k;
    expect(Math.abs(timestamps[end] - timestamps[0] - WAVE_MS)).toBeLessThan(WAVE_MS / 10);
    const spanSeconds = (timestamps[end] - timestamps[0]) / 1000;
    const meanCpu = cpu.slice(0, end).reduce((sum, value, i) => sum + value * ((timestamps[i + 1] - timestamps[i]) / 1000), 0) / spanSeconds;
    expect(Math.abs(meanCpu - 0.6) / 0.6).toBeLessThan(0.02);
    const meanMemory = memory.reduce((a, b) => a + b, 0) / memory.length;
    expect(Math.abs(meanMemory - 400 * MIB) / (400 * MIB)).toBeLessThan(0.02);
    expect(collector.window.latest("cluster")?.cpuCores).toBeGreaterThan(0.6);

    const [node] = await nodeNames();
    await cluster.fault({ action: "hang-cadvisor", node, hang: true });
    const report = await collector.runCycle();
    expect(report.failed).toBe(1);
    expect(collector.nodeStates().find((s) => s.node === node)).toMatchObject({ stale: true, lastError: expect.stringMatching(/did not answer/) });
    expect(collector.window.latest(`node:${node}`)).toBeUndefined();
    await cluster.fault({ action: "hang-cadvisor", node, hang: false });
    expect((await collector.runCycle()).failed).toBe(0);
    expect(collector.nodeStates().every((s) => !s.stale)).toBe(true);
    expect(collector.window.latest(`node:${node}`)?.cpuCores).toBeGreaterThan(0);
  });
});
