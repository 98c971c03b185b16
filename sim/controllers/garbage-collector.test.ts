import { afterEach, describe, expect, it, vi } from "vitest";
import type { Controller, KObject } from "../core/types";
import { createFakeLifecycleClusterApi } from "./fake-lifecycle-cluster-api";
import { startGarbageCollector } from "./garbage-collector";

let controllers: Controller[] = [];
afterEach(() => {
  for (const c of controllers) c.stop();
  controllers = [];
});

function owned(owner: KObject, block = true) {
  return [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? "", uid: owner.metadata.uid ?? "", controller: true, blockOwnerDeletion: block }];
}

/** A Deployment → ReplicaSet → 3 Pods chain, as the controllers would have built it. */
function setup() {
  const api = createFakeLifecycleClusterApi();
  api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
  const deploy = api.create("deployments", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default" }, spec: {} });
  const rs = api.create("replicasets", { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-1", namespace: "default", ownerReferences: owned(deploy) }, spec: {} });
  for (const i of [1, 2, 3]) {
    api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: `web-1-${i}`, namespace: "default", ownerReferences: owned(rs) }, spec: {} });
  }
  controllers.push(startGarbageCollector(api));
  return { api, deploy, rs };
}

const names = (objects: KObject[]) => objects.map((o) => o.metadata.name).sort();

describe("startGarbageCollector", () => {
  it("deletes the ReplicaSets and pods of a Deployment deleted in the background", async () => {
    const { api } = setup();
    api.delete("deployments", "default", "web", { propagationPolicy: "Background" });
    await vi.waitFor(() => {
      expect(api.list("replicasets")).toEqual([]);
      expect(api.list("pods")).toEqual([]);
    });
  });

  it("keeps the owner of a foreground deletion until its dependents are gone", async () => {
    const { api } = setup();
    const deleting = api.delete("deployments", "default", "web", { propagationPolicy: "Foreground" });
    expect(deleting?.metadata.finalizers).toEqual(["foregroundDeletion"]);
    await vi.waitFor(() => expect(api.get("deployments", "default", "web")).toBeUndefined());
    expect(api.list("replicasets")).toEqual([]);
    expect(api.list("pods")).toEqual([]);
    // The ReplicaSet has dependents of its own, so it was deleted in the foreground too.
    const rsDelete = api.calls.find((c) => c.verb === "delete" && c.resource === "replicasets");
    expect(rsDelete?.opts).toMatchObject({ propagationPolicy: "Foreground" });
  });

  it("waits for a blocking dependent that is still terminating", async () => {
    const { api, rs } = setup();
    const pod = api.getOrThrow("pods", "default", "web-1-1");
    // A finalizer stands in for a pod the kubelet has not finished stopping.
    api.update("pods", { ...pod, metadata: { ...pod.metadata, finalizers: ["example.com/slow"] } });
    api.delete("replicasets", "default", rs.metadata.name ?? "", { propagationPolicy: "Foreground" });
    await vi.waitFor(() => expect(names(api.list("pods"))).toEqual(["web-1-1"]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.get("replicasets", "default", "web-1")?.metadata.deletionTimestamp).toBeDefined();
    const stuck = api.getOrThrow("pods", "default", "web-1-1");
    api.update("pods", { ...stuck, metadata: { ...stuck.metadata, finalizers: [] } });
    await vi.waitFor(() => expect(api.get("replicasets", "default", "web-1")).toBeUndefined());
  });

  it("does not wait for dependents that do not block owner deletion", async () => {
    const api = createFakeLifecycleClusterApi();
    const owner = api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owner", namespace: "default", finalizers: ["example.com/hold"] } });
    const dep = api.create("secrets", { apiVersion: "v1", kind: "Secret", metadata: { name: "dep", namespace: "default", ownerReferences: owned(owner, false) } });
    api.update("secrets", { ...dep, metadata: { ...dep.metadata, finalizers: ["example.com/hold"] } });
    controllers.push(startGarbageCollector(api));
    api.delete("configmaps", "default", "owner", { propagationPolicy: "Foreground" });
    await vi.waitFor(() => expect(api.get("configmaps", "default", "owner")?.metadata.finalizers).toEqual(["example.com/hold"]));
    // The non-blocking dependent was still asked to go.
    expect(api.get("secrets", "default", "dep")?.metadata.deletionTimestamp).toBeDefined();
  });

  it("orphans dependents by stripping the owner's reference, then lets the owner go", async () => {
    const { api, rs } = setup();
    api.delete("replicasets", "default", rs.metadata.name ?? "", { propagationPolicy: "Orphan" });
    await vi.waitFor(() => expect(api.get("replicasets", "default", "web-1")).toBeUndefined());
    expect(names(api.list("pods"))).toEqual(["web-1-1", "web-1-2", "web-1-3"]);
    expect(api.list("pods").every((p) => p.metadata.ownerReferences === undefined)).toBe(true);
  });

  it("only drops the reference to a deleted owner when another owner remains", async () => {
    const { api, deploy } = setup();
    const other = api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "keep", namespace: "default" } });
    const shared = api.create("secrets", {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "shared", namespace: "default", ownerReferences: [...owned(deploy), ...owned(other, false).map((r) => ({ ...r, controller: false }))] },
    });
    expect(shared.metadata.ownerReferences).toHaveLength(2);
    api.delete("deployments", "default", "web");
    await vi.waitFor(() => expect(api.get("secrets", "default", "shared")?.metadata.ownerReferences?.map((r) => r.name)).toEqual(["keep"]));
  });

  it("collects an object created with an owner that no longer exists, and an owner replaced under the same name", async () => {
    const { api } = setup();
    api.create("pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "stray", namespace: "default", ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", uid: "stale-uid", controller: true }] },
    });
    await vi.waitFor(() => expect(api.get("pods", "default", "stray")).toBeUndefined());
    expect(names(api.list("pods"))).toEqual(["web-1-1", "web-1-2", "web-1-3"]);
  });

  it("collects dependents left over from before it started", async () => {
    const api = createFakeLifecycleClusterApi();
    api.create("pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "orphan", namespace: "default", ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "gone", uid: "u-gone" }] },
    });
    controllers.push(startGarbageCollector(api));
    await vi.waitFor(() => expect(api.list("pods")).toEqual([]));
  });

  it("stops watching when stopped", () => {
    const api = createFakeLifecycleClusterApi();
    const gc = startGarbageCollector(api);
    expect(api.subscriberCount()).toBeGreaterThan(0);
    gc.stop();
    expect(api.subscriberCount()).toBe(0);
  });
});
