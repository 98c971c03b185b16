import { afterEach, describe, expect, it, vi } from "vitest";
import { StatusError, type KObject } from "../core/types";
import { FakeClusterApi, startFakeKubelet, type FakeKubeletOptions } from "./fake-cluster-api";
import { startReplicaSetController } from "./replicaset-controller";

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

function cluster(kubelet: FakeKubeletOptions | false = {}) {
  const api = new FakeClusterApi();
  const c = startReplicaSetController(api);
  stops.push(() => c.stop());
  if (kubelet) {
    const k = startFakeKubelet(api, { readyAfterMs: 1000, ...kubelet });
    stops.push(() => k.stop());
  }
  return api;
}

function replicaSet(name: string, replicas: number, spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "nginx" }] } },
      ...spec,
    },
  };
}

function owned(api: FakeClusterApi, rs: string): KObject[] {
  const uid = api.getOrThrow("replicasets", "default", rs).metadata.uid;
  return api.list("pods", { namespace: "default" }).filter((p) => p.metadata.ownerReferences?.[0]?.uid === uid);
}

describe("replicaset controller", () => {
  it("creates pods named <rs>-<5 chars> owned by the ReplicaSet and reports them in status", () => {
    const api = cluster();
    api.create("replicasets", replicaSet("web", 3));
    api.clock.advance(1);
    const pods = owned(api, "web");
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ app: "web" });
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: api.getOrThrow("replicasets", "default", "web").metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
    }
    expect(api.getOrThrow("replicasets", "default", "web").status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    api.clock.advance(2000);
    expect(api.getOrThrow("replicasets", "default", "web").status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(api.events.filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(3);
    expect(api.events[0].message).toMatch(/^Created pod: web-/);
  });

  it("waits minReadySeconds before counting a ready pod as available", () => {
    const api = cluster();
    api.create("replicasets", replicaSet("web", 1, { minReadySeconds: 10 }));
    api.clock.advance(2000);
    expect(api.getOrThrow("replicasets", "default", "web").status).toMatchObject({ readyReplicas: 1 });
    expect(api.getOrThrow("replicasets", "default", "web").status.availableReplicas).toBeUndefined();
    api.clock.advance(10_000);
    expect(api.getOrThrow("replicasets", "default", "web").status.availableReplicas).toBe(1);
  });

  it("records FailedCreate with the API's message and a ReplicaFailure condition when a create is refused", () => {
    const api = cluster(false);
    const quota = (name: string) =>
      new StatusError(403, "Forbidden", `pods "${name}" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2`);
    api.refuseCreate = (resource, obj) => (resource === "pods" && api.list("pods").length >= 2 ? quota(obj.metadata.name ?? "") : undefined);
    api.create("replicasets", replicaSet("web", 5));
    api.clock.advance(1);
    expect(owned(api, "web")).toHaveLength(2);
    const failed = api.events.filter((e) => e.reason === "FailedCreate");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ type: "Warning", kind: "ReplicaSet", name: "web" });
    expect(failed[0].message).toMatch(/^Error creating: pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: compute/);
    const rs = api.getOrThrow("replicasets", "default", "web");
    expect(rs.status.conditions).toEqual([expect.objectContaining({ type: "ReplicaFailure", status: "True", reason: "FailedCreate" })]);
    // Slow start: after the first refusal of a batch the controller stops instead of trying every pod.
    expect(api.writes["create pods"]).toBe(2);

    // Once the quota allows it, the retry creates the rest and the condition goes away.
    api.refuseCreate = undefined;
    api.clock.advance(5000);
    expect(owned(api, "web")).toHaveLength(5);
    expect(api.getOrThrow("replicasets", "default", "web").status.conditions).toBeUndefined();
  });

  it("deletes unscheduled and not-ready pods before ready ones when scaling down", () => {
    const api = cluster({ requireNode: true });
    api.create("replicasets", replicaSet("web", 3));
    api.clock.advance(1);
    const [a, b] = owned(api, "web");
    for (const p of [a, b]) {
      api.edit("pods", "default", p.metadata.name!, (current) => (current.spec.nodeName = "node-1"));
    }
    api.clock.advance(2000);
    api.edit("replicasets", "default", "web", (rs) => (rs.spec.replicas = 2));
    api.clock.advance(1);
    expect(owned(api, "web").map((p) => p.metadata.name).sort()).toEqual([a.metadata.name, b.metadata.name].sort());
    expect(api.events.filter((e) => e.reason === "SuccessfulDelete")).toHaveLength(1);
  });

  it("does not count terminating pods as replicas and replaces them", () => {
    const api = cluster({ terminateAfterMs: 30_000 });
    api.gracefulPodDeletion = true;
    api.create("replicasets", replicaSet("web", 2));
    api.clock.advance(2000);
    const [victim] = owned(api, "web");
    api.delete("pods", "default", victim.metadata.name!);
    api.clock.advance(1);
    expect(owned(api, "web")).toHaveLength(3);
    expect(api.getOrThrow("replicasets", "default", "web").status.replicas).toBe(2);
  });

  it("creates pods for a large ReplicaSet in bursts without losing count", () => {
    const api = cluster(false);
    api.create("replicasets", replicaSet("big", 1200));
    api.clock.advance(10);
    expect(owned(api, "big")).toHaveLength(1200);
    expect(api.getOrThrow("replicasets", "default", "big").status.replicas).toBe(1200);
  });

  it("draws a generated pod name again when it is taken, as the API server does, instead of failing the create", () => {
    const api = cluster(false);
    // The first two pods draw the same five characters; the second draw for the second pod is new.
    const draws = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.9, 0.9, 0.9, 0.9];
    const random = vi.spyOn(Math, "random").mockImplementation(() => draws.shift() ?? 0.5);
    try {
      api.create("replicasets", replicaSet("twins", 2));
      api.clock.advance(10);
    } finally {
      random.mockRestore();
    }
    expect(owned(api, "twins")).toHaveLength(2);
    expect(api.events.filter((e) => e.reason === "FailedCreate")).toEqual([]);
  });

  it("releases a pod relabelled out of its selector and adopts a matching orphan", () => {
    const api = cluster();
    api.create("replicasets", replicaSet("web", 2));
    api.clock.advance(2000);
    const [quarantined] = owned(api, "web");
    api.edit("pods", "default", quarantined.metadata.name!, (p) => (p.metadata.labels = { app: "debug" }));
    api.clock.advance(1);
    expect(api.getOrThrow("pods", "default", quarantined.metadata.name!).metadata.ownerReferences).toEqual([]);
    expect(owned(api, "web")).toHaveLength(2);
    api.clock.advance(2000);

    let adoptedBy: unknown;
    api.subscribe("pods", (e) => {
      if (e.object.metadata.name === "stray" && e.type === "MODIFIED") adoptedBy ??= e.object.metadata.ownerReferences?.[0];
    });
    api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "stray", namespace: "default", labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx" }] } });
    api.clock.advance(1);
    expect(adoptedBy).toMatchObject({ kind: "ReplicaSet", name: "web", controller: true });
    // Three pods for two replicas: the surplus goes, and it is the not-yet-ready one.
    expect(owned(api, "web")).toHaveLength(2);
    expect(api.get("pods", "default", "stray")).toBeUndefined();
  });
});

