import { afterEach, describe, expect, it } from "vitest";
import { startHarness } from "./kubelet-harness";
import type { KubeletHarness } from "./kubelet-harness";
import { startKubelets } from "./kubelet-hub";

let h: KubeletHarness | undefined;
afterEach(() => {
  h?.hub.stop();
  h = undefined;
});

const condition = (obj: any, type: string) => obj.status.conditions.find((c: any) => c.type === type);

describe("simulated nodes", () => {
  it("registers node-1…node-N with the labels, capacity, addresses and nodeInfo of a real kubelet", async () => {
    h = await startHarness({ nodes: 3, nodeCpuMillicores: 4000, nodeMemoryMiB: 16384 });
    const nodes = h.api.list("nodes");
    expect(nodes.map((n) => n.metadata.name)).toEqual(["node-1", "node-2", "node-3"]);
    const node = h.api.get("nodes", undefined, "node-2")!;
    expect(node.metadata.labels).toMatchObject({
      "kubernetes.io/hostname": "node-2",
      "kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
      "node.kubernetes.io/instance-type": "sim.standard-4x16",
      "topology.kubernetes.io/zone": "sim-region-1b",
    });
    expect(node.status.capacity).toMatchObject({ cpu: "4", memory: `${16384 * 1024}Ki`, pods: "110" });
    expect(node.status.allocatable.cpu).toBe("3900m");
    expect(node.status.capacity["ephemeral-storage"]).toBeDefined();
    expect(node.status.addresses).toEqual([
      { type: "InternalIP", address: "10.0.0.5" },
      { type: "Hostname", address: "node-2" },
    ]);
    expect(node.status.nodeInfo).toMatchObject({ kubeletVersion: expect.stringMatching(/^v1\.33\./), operatingSystem: "linux", architecture: "amd64" });
    expect(node.status.daemonEndpoints.kubeletEndpoint.Port).toBe(10250);
    expect(condition(node, "Ready")).toMatchObject({ status: "True", reason: "KubeletReady" });
    for (const type of ["MemoryPressure", "DiskPressure", "PIDPressure"]) expect(condition(node, type).status).toBe("False");
    expect(node.spec.podCIDR).toBe("10.244.2.0/24");
  });

  it("renews leases every 10 s and refreshes node status only every 40 s", async () => {
    h = await startHarness({ nodes: 2 });
    const lease0 = h.api.get("leases", "kube-node-lease", "node-1")!;
    expect(lease0.spec).toMatchObject({ holderIdentity: "node-1", leaseDurationSeconds: 40 });
    const heartbeat0 = condition(h.api.get("nodes", undefined, "node-1"), "Ready").lastHeartbeatTime;
    await h.run(10_000, 1000);
    const lease1 = h.api.get("leases", "kube-node-lease", "node-1")!;
    expect(Date.parse(lease1.spec.renewTime)).toBeGreaterThan(Date.parse(lease0.spec.renewTime));
    expect(condition(h.api.get("nodes", undefined, "node-1"), "Ready").lastHeartbeatTime).toBe(heartbeat0);
    await h.run(40_000, 1000);
    const ready = condition(h.api.get("nodes", undefined, "node-1"), "Ready");
    expect(Date.parse(ready.lastHeartbeatTime)).toBeGreaterThan(Date.parse(heartbeat0));
    expect(ready.lastTransitionTime).toBe(heartbeat0);
  });

  it("marks a stopped node NotReady, taints it, and evicts its pods after their toleration", async () => {
    h = await startHarness({ nodes: 2 });
    h.createPod("web", {});
    h.createPod("patient", {}, { tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 600 }] });
    await h.run(3_000);
    expect(condition(h.pod("web"), "Ready").status).toBe("True");

    h.hub.setNodeRunning("node-1", false);
    await h.run(30_000, 1000);
    expect(condition(h.api.get("nodes", undefined, "node-1"), "Ready").status).toBe("True");
    await h.run(20_000, 1000);
    const node = h.api.get("nodes", undefined, "node-1")!;
    expect(condition(node, "Ready")).toMatchObject({ status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." });
    expect(node.spec.taints).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: "node.kubernetes.io/unreachable", effect: "NoExecute" })]),
    );
    expect(condition(h.pod("web"), "Ready").status).toBe("False");
    expect(condition(h.api.get("nodes", undefined, "node-2"), "Ready").status).toBe("True");

    await h.run(300_000, 5000);
    expect(h.pod("web")!.metadata.deletionTimestamp).toBeDefined();
    expect(h.pod("patient")!.metadata.deletionTimestamp).toBeUndefined();
    expect(h.api.eventsFor("web").some((e) => e.reason === "TaintManagerEviction")).toBe(true);
    expect(condition(h.pod("web"), "DisruptionTarget")).toMatchObject({ status: "True", reason: "DeletionByTaintManager" });

    // The kubelet comes back: Ready again, taints lifted, and the evicted pod's deletion completes.
    h.hub.setNodeRunning("node-1", true);
    await h.run(1_000);
    const back = h.api.get("nodes", undefined, "node-1")!;
    expect(condition(back, "Ready").status).toBe("True");
    expect(back.spec.taints ?? []).toEqual([]);
    await h.run(35_000, 1000);
    expect(h.pod("web")).toBeUndefined();
    expect(condition(h.pod("patient"), "Ready").status).toBe("True");
  });

  it("adopts existing nodes and running pods from a reloaded state without restarting them", async () => {
    h = await startHarness({ nodes: 1 });
    h.createPod("web", { env: [{ name: "apiary.sim/cpu-millicores", value: "100" }] });
    await h.run(3_000);
    const before = h.container("web");
    const readySince = condition(h.pod("web"), "Ready").lastTransitionTime;
    h.hub.stop();
    await h.run(1_000);
    const again = startKubelets(h.api, { nodes: 1 });
    try {
      await h.run(5_000);
      expect(h.api.list("nodes")).toHaveLength(1);
      const after = h.container("web");
      expect(after.containerID).toBe(before.containerID);
      expect(after.state.running.startedAt).toBe(before.state.running.startedAt);
      expect(after.ready).toBe(true);
      expect(condition(h.pod("web"), "Ready")).toMatchObject({ status: "True", lastTransitionTime: readySince });
      expect(again.logs("default", "web", {}).lines[0]).toContain("starting server");
    } finally {
      again.stop();
    }
  });

  it("records the kubelet's registration events on a new node", async () => {
    h = await startHarness({ nodes: 1 });
    const reasons = h.api.eventsFor("node-1").map((e) => e.reason);
    expect(reasons).toEqual(["Starting", "NodeAllocatableEnforced", "NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID", "NodeReady", "RegisteredNode"]);
    expect(h.api.eventsFor("node-1")[5].message).toBe("Node node-1 status is now: NodeReady");
  });

  it("force-deletes the pods of a deleted node and registers it again when its kubelet restarts", async () => {
    h = await startHarness({ nodes: 2 });
    h.createPod("web", {});
    await h.run(3_000);
    h.api.delete("nodes", undefined, "node-1");
    await h.run(1_000);
    expect(h.pod("web")).toBeUndefined();
    await expect(h.hub.cadvisor("node-1")).rejects.toMatchObject({ code: 404 });
    await h.run(60_000, 1000);
    expect(h.api.get("nodes", undefined, "node-1")).toBeUndefined();
    h.hub.setNodeRunning("node-1", false);
    h.hub.setNodeRunning("node-1", true);
    await h.run(1_000);
    expect(condition(h.api.get("nodes", undefined, "node-1"), "Ready").status).toBe("True");
    expect(await h.hub.cadvisor("node-1")).toContain("machine_cpu_cores");
  });

  it("cannot serve logs from a stopped kubelet", async () => {
    h = await startHarness({ nodes: 1 });
    h.createPod("web", {});
    await h.run(3_000);
    expect(h.hub.logs("default", "web", {}).lines.length).toBeGreaterThan(0);
    h.hub.setNodeRunning("node-1", false);
    expect(() => h!.hub.logs("default", "web", {})).toThrow(/dial tcp 10\.0\.0\.4:10250: connect: no route to host/);
  });

  it("notices a Node object no kubelet runs and evicts the pods bound to it", async () => {
    h = await startHarness({ nodes: 1 });
    const now = new Date(h.api.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
    h.api.create("nodes", {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "node-9" },
      status: { conditions: [{ type: "Ready", status: "True", lastHeartbeatTime: now, lastTransitionTime: now, reason: "KubeletReady" }] },
    });
    h.createPod("orphan", {}, { nodeName: "node-9" });
    await h.run(30_000, 1000);
    expect(condition(h.api.get("nodes", undefined, "node-9"), "Ready").status).toBe("True");
    await h.run(20_000, 1000);
    const node = h.api.get("nodes", undefined, "node-9")!;
    expect(condition(node, "Ready")).toMatchObject({ status: "Unknown", message: "Kubelet stopped posting node status." });
    expect(node.spec.taints.map((t: any) => `${t.key}:${t.effect}`)).toEqual(["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"]);
    await h.run(300_000, 5000);
    expect(h.pod("orphan")!.metadata.deletionTimestamp).toBeDefined();
  });

  it("ignores pods bound to nodes it does not run", async () => {
    h = await startHarness({ nodes: 1 });
    h.createPod("elsewhere", {}, { nodeName: "node-7" });
    await h.run(3_000);
    expect(h.pod("elsewhere")!.status).toBeUndefined();
  });
});
