import * as k8s from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import type { WorkloadPod } from "@/lib/contracts/workloads";
import { getKubeConfig } from "@/lib/server/kubernetes/kube-config";
import { MetricsCollector } from "@/lib/server/metrics/metrics-collector";
import { call } from "@/scripts/test-support/api-test-harness";
import { startClusterApiHarness, type ClusterApiHarness } from "@/scripts/test-support/cluster-api-harness";
import { GET as listPods } from "./[name]/pods/route";
import { POST as create } from "./route";

// A node stops answering (the simulated cluster's stop-node fault) while a tenant's workload runs on it. As on a real
// cluster: the node-lifecycle controller marks the node Unknown and its pods not ready, the taint manager evicts
// them after their toleration (300 s by default, seconds here on the sped-up clock), and the ReplicaSet controller
// replaces them on the node that still answers. The tenant sees all of it through Apiary's pod list, and the metrics
// collector marks the node stale while its cAdvisor cannot be scraped.

let env: ClusterApiHarness;
let owner: string;
const params = { tenant: "acme", name: "web" };

async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, attempts = 600): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`never happened: ${what}`);
}

async function pods(): Promise<WorkloadPod[]> {
  const answer = await call(listPods, "GET", "/api/v1/tenants/acme/deployments/web/pods", { session: owner, params });
  expect(answer.status).toBe(200);
  return answer.body.items;
}

beforeAll(async () => {
  // Nodes are declared lost after the real 40 s grace period (2 s of real time at speed 20).
  env = await startClusterApiHarness({ images: [{ repository: "acme/web", tag: "v1" }], cluster: { nodes: 2, timings: { nodeGraceMs: 40_000 } } });
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  const created = await call(create, "POST", "/api/v1/tenants/acme/deployments", {
    session: owner,
    params: { tenant: "acme" },
    body: { spec: { name: "web", image: `${env.registry.host}/acme/web:v1`, replicas: 2, containerPort: 8080 } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await eventually(async () => env.cache.get("deployments", "t-acme", "web"), "the watch cache to see web");
  await eventually(async () => (await pods()).filter((pod) => pod.ready).length === 2, "web to run 2 ready pods");
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

describe("a node that stops answering", () => {
  it("has its pods marked not ready, evicted and replaced on the node that still answers, as the tenant's pod list shows", async () => {
    const before = await pods();
    const lost = before[0].node!;
    const onLost = before.filter((pod) => pod.node === lost).map((pod) => pod.name);
    const other = ["node-1", "node-2"].find((node) => node !== lost)!;
    const kubeConfig = getKubeConfig();
    const collector = new MetricsCollector({
      kubeConfig,
      listNodes: async () => (await kubeConfig.makeApiClient(k8s.CoreV1Api).listNode()).items.map((node) => node.metadata!.name!),
      topology: { workloadOf: () => null },
      timeoutMs: 2_000,
    });
    expect((await collector.runCycle()).failed).toBe(0);
    expect(collector.nodeStates().every((state) => !state.stale)).toBe(true);
    await env.cluster.fault({ action: "stop-node", node: lost });

    // Stale: its cAdvisor no longer answers, so the collector marks it and keeps no fresh sample for it.
    expect((await collector.runCycle()).failed).toBe(1);
    expect(collector.nodeStates().find((state) => state.node === lost)).toMatchObject({ stale: true, lastError: expect.any(String) });
    expect(collector.nodeStates().find((state) => state.node === other)).toMatchObject({ stale: false });

    // Marked: the node's Ready condition turns Unknown, and its pods stop being ready.
    await eventually(async () => {
      const node = env.cluster.cluster.api.get("nodes", undefined, lost);
      return node?.status?.conditions?.some((condition: { type: string; status: string }) => condition.type === "Ready" && condition.status === "Unknown");
    }, "the node to be marked Unknown");
    await eventually(async () => (await pods()).filter((pod) => onLost.includes(pod.name)).every((pod) => !pod.ready), "the lost node's pods to show not ready");

    // Rescheduled: after their toleration the pods are evicted (they stay Terminating while their node is
    // unreachable, as on a real cluster) and the ReplicaSet's replacements run on the other node.
    const after = await eventually(async () => {
      const now = await pods();
      const replacements = now.filter((pod) => !onLost.includes(pod.name) && pod.node === other && pod.ready);
      return replacements.length === 2 && now;
    }, "two ready pods on the node that still answers");
    for (const pod of after.filter((candidate) => onLost.includes(candidate.name))) {
      expect(["Terminating", "Unknown"]).toContain(pod.status);
      expect(pod.ready).toBe(false);
    }
    const evicted = env.cluster.cluster.api.list("events", { namespace: "t-acme" }).filter((event) => event.reason === "TaintManagerEviction");
    expect(evicted.map((event) => event.involvedObject?.name).sort()).toEqual([...onLost].sort());

    // The node answers again: the evicted pods finish going, and the workload keeps its two pods.
    await env.cluster.fault({ action: "start-node", node: lost });
    await eventually(async () => {
      const now = await pods();
      return now.length === 2 && now.every((pod) => pod.ready && !onLost.includes(pod.name));
    }, "the evicted pods to be gone once the node is back");
    expect((await collector.runCycle()).failed).toBe(0);
    expect(collector.nodeStates().every((state) => !state.stale)).toBe(true);
  });
});
