import { afterEach, describe, expect, it, vi } from "vitest";
import type { Controller } from "../core/types";
import { createFakeLifecycleClusterApi } from "./fake-lifecycle-cluster-api";
import { startNamespaceController } from "./namespace-controller";

let controllers: Controller[] = [];
afterEach(() => {
  for (const c of controllers) c.stop();
  controllers = [];
});

function setup() {
  const api = createFakeLifecycleClusterApi();
  controllers.push(startNamespaceController(api));
  for (const ns of ["t-a", "t-b"]) {
    api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: ns } });
    api.create("deployments", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: ns }, spec: {} });
    api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "web-1", namespace: ns }, spec: {} });
  }
  return api;
}

describe("startNamespaceController", () => {
  it("creates the namespaces every cluster starts with", () => {
    const api = setup();
    expect(api.list("namespaces").map((n) => n.metadata.name)).toEqual(expect.arrayContaining(["default", "kube-system", "kube-public", "kube-node-lease"]));
  });

  it("empties a deleted namespace, then removes it, leaving other namespaces alone", async () => {
    const api = setup();
    const terminating = api.delete("namespaces", undefined, "t-a");
    expect(terminating?.status.phase).toBe("Terminating");
    await vi.waitFor(() => expect(api.get("namespaces", undefined, "t-a")).toBeUndefined());
    for (const resource of ["configmaps", "deployments", "pods"]) {
      expect(api.list(resource, { namespace: "t-a" })).toEqual([]);
      expect(api.list(resource, { namespace: "t-b" })).toHaveLength(1);
    }
    const nsWrites = api.calls.filter((c) => c.verb === "update" && c.resource === "namespaces").map((c) => (c.opts as { subresource?: string }).subresource);
    expect(nsWrites).toContain("finalize");
  });

  it("stays Terminating while a pod is still shutting down", async () => {
    const api = setup();
    const pod = api.getOrThrow("pods", "t-a", "web-1");
    api.update("pods", { ...pod, metadata: { ...pod.metadata, finalizers: ["example.com/grace"] } });
    api.delete("namespaces", undefined, "t-a");
    await vi.waitFor(() => expect(api.list("configmaps", { namespace: "t-a" })).toEqual([]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const ns = api.getOrThrow("namespaces", undefined, "t-a");
    expect(ns.status.phase).toBe("Terminating");
    // What `kubectl describe ns t-a` shows while it waits.
    expect(ns.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "NamespaceContentRemaining", status: "True", message: "Some resources are remaining: pods has 1 resource instances" }),
        expect.objectContaining({
          type: "NamespaceFinalizersRemaining",
          status: "True",
          message: "Some content in the namespace has finalizers remaining: example.com/grace in 1 resource instances",
        }),
      ]),
    );
    const stopping = api.getOrThrow("pods", "t-a", "web-1");
    api.update("pods", { ...stopping, metadata: { ...stopping.metadata, finalizers: [] } });
    await vi.waitFor(() => expect(api.get("namespaces", undefined, "t-a")).toBeUndefined());
  });
});
