import { afterEach, describe, expect, it } from "vitest";
import type { KObject } from "../core/types";
import { FakeClusterApi, startFakeKubelet, type FakeKubeletOptions } from "./fake-cluster-api";
import { POD_NAME_LABEL, REVISION_LABEL, startStatefulSetController } from "./statefulset-controller";

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

function cluster(kubelet: FakeKubeletOptions = {}) {
  const api = new FakeClusterApi();
  const c = startStatefulSetController(api);
  const k = startFakeKubelet(api, { readyAfterMs: 1000, ...kubelet });
  stops.push(() => c.stop(), () => k.stop());
  return api;
}

function statefulSet(name: string, replicas: number, spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name, namespace: "default" },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
      podManagementPolicy: "OrderedReady",
      revisionHistoryLimit: 10,
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "db", image: "postgres:16" }] } },
      volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
      ...spec,
    },
  };
}

function podNames(api: FakeClusterApi): string[] {
  return api.list("pods", { namespace: "default" }).map((p) => p.metadata.name!).sort();
}

function image(api: FakeClusterApi, pod: string): string {
  return api.getOrThrow("pods", "default", pod).spec.containers[0].image;
}

function setImage(api: FakeClusterApi, name: string, value: string): void {
  api.edit("statefulsets", "default", name, (set) => (set.spec.template.spec.containers[0].image = value));
}

describe("statefulset controller", () => {
  it("creates pods in order, each after the previous one is Running and Ready, with their claims", () => {
    const api = cluster();
    api.create("statefulsets", statefulSet("db", 3));
    api.clock.advance(1);
    expect(podNames(api)).toEqual(["db-0"]);
    api.clock.advance(500);
    expect(podNames(api)).toEqual(["db-0"]);
    api.clock.advance(600);
    expect(podNames(api)).toEqual(["db-0", "db-1"]);
    api.clock.advance(5000);
    expect(podNames(api)).toEqual(["db-0", "db-1", "db-2"]);

    const pod = api.getOrThrow("pods", "default", "db-1");
    expect(pod.spec.hostname).toBe("db-1");
    expect(pod.spec.subdomain).toBe("db");
    expect(pod.metadata.labels).toMatchObject({ app: "db", [POD_NAME_LABEL]: "db-1", "apps.kubernetes.io/pod-index": "1" });
    expect(pod.metadata.labels?.[REVISION_LABEL]).toMatch(/^db-[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    expect(pod.spec.volumes).toContainEqual({ name: "data", persistentVolumeClaim: { claimName: "data-db-1" } });
    expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: "StatefulSet", name: "db", controller: true });
    expect(api.list("persistentvolumeclaims").map((c) => c.metadata.name).sort()).toEqual(["data-db-0", "data-db-1", "data-db-2"]);

    const set = structuredClone(api.getOrThrow("statefulsets", "default", "db"));
    const [revision] = api.list("controllerrevisions");
    expect(revision.metadata.name).toBe(pod.metadata.labels?.[REVISION_LABEL]);
    expect(revision.revision).toBe(1);
    expect(revision.data.spec.template.$patch).toBe("replace");
    expect(set.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      currentRevision: revision.metadata.name,
      updateRevision: revision.metadata.name,
    });
    expect(api.events.map((e) => e.message)).toContain("create Pod db-0 in StatefulSet db successful");
    expect(api.events.map((e) => e.message)).toContain("create Claim data-db-0 Pod db-0 in StatefulSet db success");
  });

  it("deletes pods from the highest ordinal down when scaled in", () => {
    const api = cluster();
    api.create("statefulsets", statefulSet("db", 3));
    api.clock.advance(10_000);
    const deleted: string[] = [];
    api.subscribe("pods", (e) => e.type === "DELETED" && deleted.push(e.object.metadata.name!));
    const set = structuredClone(api.getOrThrow("statefulsets", "default", "db"));
    set.spec.replicas = 1;
    api.update("statefulsets", set);
    api.clock.advance(10_000);
    expect(deleted).toEqual(["db-2", "db-1"]);
    expect(api.list("persistentvolumeclaims")).toHaveLength(3);
  });

  it("updates only ordinals at or above the partition, highest first", () => {
    const api = cluster();
    api.create("statefulsets", statefulSet("db", 4));
    api.clock.advance(20_000);
    const before = api.getOrThrow("statefulsets", "default", "db").status.currentRevision;
    const set = structuredClone(api.getOrThrow("statefulsets", "default", "db"));
    set.spec.updateStrategy = { type: "RollingUpdate", rollingUpdate: { partition: 2 } };
    set.spec.template.spec.containers[0].image = "postgres:17";
    const order: string[] = [];
    api.subscribe("pods", (e) => e.type === "ADDED" && order.push(e.object.metadata.name!));
    api.update("statefulsets", set);
    api.clock.advance(20_000);

    expect(order).toEqual(["db-3", "db-2"]);
    expect(["db-0", "db-1", "db-2", "db-3"].map((p) => image(api, p))).toEqual(["postgres:16", "postgres:16", "postgres:17", "postgres:17"]);
    const status = api.getOrThrow("statefulsets", "default", "db").status;
    expect(status.currentRevision).toBe(before);
    expect(status.updateRevision).not.toBe(before);
    expect(status).toMatchObject({ replicas: 4, updatedReplicas: 2, currentReplicas: 2, readyReplicas: 4 });
    expect(api.list("controllerrevisions").map((r) => r.revision).sort()).toEqual([1, 2]);

    // Removing the partition finishes the rollout and the update revision becomes current.
    const finish = structuredClone(api.getOrThrow("statefulsets", "default", "db"));
    finish.spec.updateStrategy.rollingUpdate.partition = 0;
    api.update("statefulsets", finish);
    api.clock.advance(20_000);
    const done = api.getOrThrow("statefulsets", "default", "db").status;
    expect(done.currentRevision).toBe(done.updateRevision);
    expect(done).toMatchObject({ updatedReplicas: 4, currentReplicas: 4 });
  });

  it("rolls back through the old ControllerRevision, renumbering it", () => {
    const api = cluster();
    api.create("statefulsets", statefulSet("db", 2));
    api.clock.advance(10_000);
    const [first] = api.list("controllerrevisions");
    setImage(api, "db", "postgres:17");
    api.clock.advance(20_000);
    // kubectl rollout undo applies the revision's data (the template with $patch: replace) to the set.
    const set = structuredClone(api.getOrThrow("statefulsets", "default", "db"));
    const template = JSON.parse(JSON.stringify(first.data.spec.template));
    delete template.$patch;
    template.metadata.creationTimestamp = null;
    set.spec.template = template;
    api.update("statefulsets", set);
    api.clock.advance(20_000);
    const revisions = api.list("controllerrevisions");
    expect(revisions).toHaveLength(2);
    expect(api.getOrThrow("controllerrevisions", "default", first.metadata.name!).revision).toBe(3);
    expect(api.getOrThrow("statefulsets", "default", "db").status).toMatchObject({ currentRevision: first.metadata.name, updateRevision: first.metadata.name });
    expect(image(api, "db-0")).toBe("postgres:16");
  });

  it("leaves pods alone under OnDelete until they are deleted", () => {
    const api = cluster();
    api.create("statefulsets", statefulSet("db", 2, { updateStrategy: { type: "OnDelete" } }));
    api.clock.advance(10_000);
    setImage(api, "db", "postgres:17");
    api.clock.advance(10_000);
    expect(image(api, "db-1")).toBe("postgres:16");
    api.delete("pods", "default", "db-1");
    api.clock.advance(10_000);
    expect(image(api, "db-1")).toBe("postgres:17");
    expect(image(api, "db-0")).toBe("postgres:16");
  });

  it("creates all pods at once with the Parallel policy", () => {
    const api = cluster({ neverReady: () => true });
    api.create("statefulsets", statefulSet("db", 3, { podManagementPolicy: "Parallel" }));
    api.clock.advance(1);
    expect(podNames(api)).toEqual(["db-0", "db-1", "db-2"]);
  });

  it("names pods from spec.ordinals.start", () => {
    const api = cluster();
    api.create("statefulsets", statefulSet("db", 2, { ordinals: { start: 5 } }));
    api.clock.advance(10_000);
    expect(podNames(api)).toEqual(["db-5", "db-6"]);
    expect(api.list("persistentvolumeclaims").map((c) => c.metadata.name).sort()).toEqual(["data-db-5", "data-db-6"]);
  });

  it("hands claims to their owners per persistentVolumeClaimRetentionPolicy", () => {
    const api = cluster();
    api.create("statefulsets", statefulSet("db", 2, { persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete", whenScaled: "Delete" } }));
    api.clock.advance(10_000);
    const set = api.getOrThrow("statefulsets", "default", "db");
    expect(api.getOrThrow("persistentvolumeclaims", "default", "data-db-0").metadata.ownerReferences).toEqual([
      { apiVersion: "apps/v1", kind: "StatefulSet", name: "db", uid: set.metadata.uid },
    ]);
    const condemned = api.getOrThrow("pods", "default", "db-1");
    let claimOwners: unknown;
    api.subscribe("persistentvolumeclaims", (e) => {
      if (e.object.metadata.name === "data-db-1") claimOwners = e.object.metadata.ownerReferences;
    });
    api.edit("statefulsets", "default", "db", (s) => (s.spec.replicas = 1));
    api.clock.advance(10_000);
    expect(claimOwners).toContainEqual({ apiVersion: "v1", kind: "Pod", name: "db-1", uid: condemned.metadata.uid });
  });
});

