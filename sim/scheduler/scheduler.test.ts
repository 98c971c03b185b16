import { afterEach, describe, expect, it } from "vitest";
import { FakeClusterApi } from "../controllers/fake-cluster-api";
import type { KObject } from "../core/types";
import { startScheduler } from "./scheduler";

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

function node(name: string, opts: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: any[]; ready?: boolean; unschedulable?: boolean } = {}): KObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...(opts.labels ?? {}) } },
    spec: { ...(opts.taints ? { taints: opts.taints } : {}), ...(opts.unschedulable ? { unschedulable: true } : {}) },
    status: {
      allocatable: { cpu: opts.cpu ?? "4", memory: opts.memory ?? "8Gi", pods: opts.pods ?? "110" },
      capacity: { cpu: opts.cpu ?? "4", memory: opts.memory ?? "8Gi", pods: opts.pods ?? "110" },
      conditions: [{ type: "Ready", status: opts.ready === false ? "False" : "True" }],
    },
  };
}

function pod(name: string, spec: Record<string, unknown> = {}, cpu?: string): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { containers: [{ name: "app", image: "nginx", ...(cpu ? { resources: { requests: { cpu } } } : {}) }], ...spec },
  };
}

function setup(nodes: KObject[]) {
  const api = new FakeClusterApi();
  for (const n of nodes) api.create("nodes", n);
  const s = startScheduler(api, { retryDelayMs: 1000 });
  stops.push(() => s.stop());
  return api;
}

function nodeOf(api: FakeClusterApi, name: string): string | undefined {
  return api.getOrThrow("pods", "default", name).spec.nodeName;
}

function scheduledCondition(api: FakeClusterApi, name: string): any {
  return api.getOrThrow("pods", "default", name).status.conditions?.find((c: any) => c.type === "PodScheduled");
}

describe("scheduler", () => {
  it("binds a pod through the binding subresource and records Scheduled", () => {
    const api = setup([node("node-1")]);
    api.create("pods", pod("web"));
    api.clock.advance(1);
    expect(nodeOf(api, "web")).toBe("node-1");
    expect(api.writes["bind pods"]).toBe(1);
    expect(scheduledCondition(api, "web")).toMatchObject({ status: "True" });
    expect(api.events).toContainEqual(expect.objectContaining({ reason: "Scheduled", type: "Normal", message: "Successfully assigned default/web to node-1", component: "default-scheduler" }));
  });

  it("reports FailedScheduling with the real message when no node has enough cpu, and retries when a node joins", () => {
    const api = setup([node("node-1", { cpu: "1" }), node("node-2", { cpu: "1" }), node("node-3", { cpu: "1" })]);
    api.create("pods", pod("big", {}, "2"));
    api.clock.advance(1);
    const message = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
    expect(nodeOf(api, "big")).toBeUndefined();
    expect(scheduledCondition(api, "big")).toMatchObject({ status: "False", reason: "Unschedulable", message });
    expect(api.events).toContainEqual(expect.objectContaining({ type: "Warning", reason: "FailedScheduling", message }));

    api.create("nodes", node("node-4", { cpu: "8" }));
    api.clock.advance(2000);
    expect(nodeOf(api, "big")).toBe("node-4");
  });

  it("spreads pods over the least allocated nodes", () => {
    const api = setup([node("node-1"), node("node-2"), node("node-3")]);
    for (let i = 0; i < 9; i++) api.create("pods", pod(`p${i}`, {}, "100m"));
    api.clock.advance(1);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 9; i++) counts[nodeOf(api, `p${i}`)!] = (counts[nodeOf(api, `p${i}`)!] ?? 0) + 1;
    expect(counts).toEqual({ "node-1": 3, "node-2": 3, "node-3": 3 });
  });

  it("fills a node's cpu exactly and frees it when a pod goes away", () => {
    const api = setup([node("node-1", { cpu: "1" })]);
    api.create("pods", pod("a", {}, "600m"));
    api.clock.advance(1);
    api.create("pods", pod("b", {}, "600m"));
    api.clock.advance(1);
    expect(nodeOf(api, "a")).toBe("node-1");
    expect(nodeOf(api, "b")).toBeUndefined();
    api.delete("pods", "default", "a");
    api.clock.advance(2000);
    expect(nodeOf(api, "b")).toBe("node-1");
  });

  it("honours nodeSelector and required node affinity", () => {
    const api = setup([node("node-1", { labels: { disktype: "ssd", zone: "a" } }), node("node-2", { labels: { disktype: "hdd", zone: "b" } })]);
    api.create("pods", pod("ssd", { nodeSelector: { disktype: "ssd" } }));
    const affinity = (operator: string, values?: string[]) => ({
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator, ...(values ? { values } : {}) }] }] } } },
    });
    api.create("pods", pod("in-b", affinity("In", ["b"])));
    api.create("pods", pod("not-a", affinity("NotIn", ["a"])));
    api.create("pods", pod("nowhere", { nodeSelector: { disktype: "nvme" } }));
    api.clock.advance(1);
    expect(nodeOf(api, "ssd")).toBe("node-1");
    expect(nodeOf(api, "in-b")).toBe("node-2");
    expect(nodeOf(api, "not-a")).toBe("node-2");
    expect(scheduledCondition(api, "nowhere").message).toBe(
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });

  it("keeps pods off tainted, unready and cordoned nodes unless they tolerate the taint", () => {
    const api = setup([
      node("gpu", { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] }),
      node("small", { cpu: "500m" }),
      node("down", { ready: false }),
      node("cordoned", { unschedulable: true }),
    ]);
    api.create("pods", pod("plain", {}, "1"));
    api.create("pods", pod("tolerant", { tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }] }, "1"));
    api.clock.advance(1);
    expect(nodeOf(api, "plain")).toBeUndefined();
    expect(nodeOf(api, "tolerant")).toBe("gpu");
    expect(scheduledCondition(api, "plain").message).toBe(
      "0/4 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable. " +
        "preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod., 3 Preemption is not helpful for scheduling.",
    );
  });

  it("counts pods against the node's pod capacity", () => {
    const api = setup([node("node-1", { pods: "2" })]);
    for (const name of ["a", "b", "c"]) api.create("pods", pod(name));
    api.clock.advance(1);
    expect(["a", "b", "c"].map((n) => nodeOf(api, n))).toEqual(["node-1", "node-1", undefined]);
    expect(scheduledCondition(api, "c").message).toMatch(/^0\/1 nodes are available: 1 Too many pods\./);
  });

  it("falls back to setting spec.nodeName when the API has no binding subresource", () => {
    const api = setup([node("node-1")]);
    const create = api.create.bind(api);
    api.create = (resource, obj, opts) => {
      if (opts?.subresource === "binding") throw Object.assign(new Error("the server could not find the requested resource"), { code: 404 });
      return create(resource, obj, opts);
    };
    api.create("pods", pod("web"));
    api.clock.advance(1);
    expect(nodeOf(api, "web")).toBe("node-1");
    expect(scheduledCondition(api, "web")).toMatchObject({ status: "True" });
  });
});

describe("scheduler: ports and inter-pod affinity", () => {
  const antiAffinity = (app: string) => ({
    labels: { app },
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app } }, topologyKey: "kubernetes.io/hostname" }] } },
  });

  function labelled(name: string, spec: { labels: Record<string, string>; [k: string]: unknown }): KObject {
    const { labels, ...rest } = spec;
    return { ...pod(name, rest), metadata: { name, namespace: "default", labels } };
  }

  it("puts at most one pod per node under required anti-affinity", () => {
    const api = setup([node("node-1"), node("node-2")]);
    for (const name of ["a", "b", "c"]) api.create("pods", labelled(name, antiAffinity("cache")));
    api.clock.advance(1);
    expect(new Set([nodeOf(api, "a"), nodeOf(api, "b")])).toEqual(new Set(["node-1", "node-2"]));
    expect(nodeOf(api, "c")).toBeUndefined();
    expect(scheduledCondition(api, "c").message).toBe(
      "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    );
  });

  it("keeps other pods away from a node whose pod repels them, and co-locates pods with required affinity", () => {
    const api = setup([node("node-1"), node("node-2")]);
    api.create("pods", labelled("db", { labels: { app: "db" }, nodeSelector: { "kubernetes.io/hostname": "node-2" } }));
    api.clock.advance(1);
    const nearDb = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "db" } }, topologyKey: "kubernetes.io/hostname" }] } };
    for (const name of ["w1", "w2"]) api.create("pods", labelled(name, { labels: { app: "web" }, affinity: nearDb }));
    api.create("pods", labelled("lonely", { labels: { app: "x" }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "nothing" } }, topologyKey: "kubernetes.io/hostname" }] } } }));
    api.clock.advance(1);
    expect([nodeOf(api, "w1"), nodeOf(api, "w2")]).toEqual(["node-2", "node-2"]);
    expect(scheduledCondition(api, "lonely").message).toBe(
      "0/2 nodes are available: 2 node(s) didn't match pod affinity rules. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );

    // An existing pod's anti-affinity keeps matching newcomers off its node.
    api.create("pods", labelled("loner", { labels: { app: "loner" }, nodeSelector: { "kubernetes.io/hostname": "node-1" }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" }] } } }));
    api.clock.advance(1);
    api.create("pods", labelled("w3", { labels: { app: "web" }, nodeSelector: { "kubernetes.io/hostname": "node-1" } }));
    api.clock.advance(1);
    expect(scheduledCondition(api, "w3").message).toBe(
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod., 1 Preemption is not helpful for scheduling.",
    );
  });

  it("does not put two pods using the same host port on one node", () => {
    const api = setup([node("node-1")]);
    const withPort = (name: string) => ({ ...pod(name), spec: { containers: [{ name: "app", image: "nginx", ports: [{ containerPort: 80, hostPort: 8080, protocol: "TCP" }] }] } });
    api.create("pods", withPort("a"));
    api.create("pods", withPort("b"));
    api.clock.advance(1);
    expect(nodeOf(api, "a")).toBe("node-1");
    expect(scheduledCondition(api, "b").message).toMatch(/^0\/1 nodes are available: 1 node\(s\) didn't have free ports for the requested pod ports\./);
    api.delete("pods", "default", "a");
    api.clock.advance(2000);
    expect(nodeOf(api, "b")).toBe("node-1");
  });
});

describe("scheduler: topology spread", () => {
  it("keeps the skew across zones within maxSkew", () => {
    const api = setup([
      node("a1", { labels: { zone: "a" } }),
      node("a2", { labels: { zone: "a" } }),
      node("b1", { labels: { zone: "b" } }),
    ]);
    const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "web" } } }] };
    for (let i = 0; i < 6; i++) api.create("pods", { ...pod(`w${i}`, spread), metadata: { name: `w${i}`, namespace: "default", labels: { app: "web" } } });
    api.clock.advance(1);
    const zones = { a: 0, b: 0 };
    for (let i = 0; i < 6; i++) zones[nodeOf(api, `w${i}`)!.startsWith("a") ? "a" : "b"]++;
    expect(zones).toEqual({ a: 3, b: 3 });

    api.create("pods", { ...pod("nolabel", { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "rack", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "x" } } }] }), metadata: { name: "nolabel", namespace: "default", labels: { app: "x" } } });
    api.clock.advance(1);
    expect(scheduledCondition(api, "nolabel").message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints (missing required label). preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });
});
