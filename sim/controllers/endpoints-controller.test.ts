import { afterEach, describe, expect, it, vi } from "vitest";
import type { Controller, KObject } from "../core/types";
import { startEndpointsController } from "./endpoints-controller";
import { createFakeLifecycleClusterApi } from "./fake-lifecycle-cluster-api";

let controllers: Controller[] = [];
afterEach(() => {
  for (const c of controllers) c.stop();
  controllers = [];
});

function pod(name: string, ip: string | undefined, ready: boolean, labels: Record<string, string> = { app: "web" }): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels },
    spec: { nodeName: "node-1", containers: [{ name: "nginx", image: "nginx", ports: [{ name: "http", containerPort: 8080 }] }] },
    status: { phase: "Running", ...(ip ? { podIP: ip } : {}), conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
  };
}

function setup() {
  const api = createFakeLifecycleClusterApi();
  controllers.push(startEndpointsController(api));
  api.create("services", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "default", labels: { app: "web" } },
    spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }] },
  });
  return api;
}

const endpoints = (api: ReturnType<typeof setup>) => api.get("endpoints", "default", "web");

describe("startEndpointsController", () => {
  it("lists ready pods in addresses and unready ones in notReadyAddresses, resolving named target ports", async () => {
    const api = setup();
    api.create("pods", pod("web-b", "10.0.0.2", true));
    api.create("pods", pod("web-a", "10.0.0.1", true));
    api.create("pods", pod("web-c", "10.0.0.3", false));
    api.create("pods", pod("web-pending", undefined, false));
    api.create("pods", pod("other", "10.0.0.9", true, { app: "other" }));
    await vi.waitFor(() => expect(endpoints(api)?.subsets?.[0]?.notReadyAddresses).toHaveLength(1));
    const ep = endpoints(api) as KObject;
    expect(ep.metadata.labels).toEqual({ app: "web" });
    expect(ep.subsets).toEqual([
      {
        addresses: [
          { ip: "10.0.0.1", nodeName: "node-1", targetRef: { kind: "Pod", namespace: "default", name: "web-a", uid: expect.any(String) } },
          { ip: "10.0.0.2", nodeName: "node-1", targetRef: { kind: "Pod", namespace: "default", name: "web-b", uid: expect.any(String) } },
        ],
        notReadyAddresses: [{ ip: "10.0.0.3", nodeName: "node-1", targetRef: { kind: "Pod", namespace: "default", name: "web-c", uid: expect.any(String) } }],
        ports: [{ name: "http", port: 8080, protocol: "TCP" }],
      },
    ]);
  });

  it("moves a pod to addresses when it becomes ready and drops it when deleted", async () => {
    const api = setup();
    api.create("pods", pod("web-a", "10.0.0.1", false));
    await vi.waitFor(() => expect(endpoints(api)?.subsets?.[0]?.notReadyAddresses?.[0]?.ip).toBe("10.0.0.1"));
    api.update("pods", pod("web-a", "10.0.0.1", true));
    await vi.waitFor(() => expect(endpoints(api)?.subsets?.[0]?.addresses?.[0]?.ip).toBe("10.0.0.1"));
    api.delete("pods", "default", "web-a");
    await vi.waitFor(() => expect(endpoints(api)?.subsets).toBeUndefined());
    expect(endpoints(api)).toBeDefined();
  });

  it("drops a pod whose labels stop matching the selector", async () => {
    const api = setup();
    api.create("pods", pod("web-a", "10.0.0.1", true));
    await vi.waitFor(() => expect(endpoints(api)?.subsets).toHaveLength(1));
    api.update("pods", pod("web-a", "10.0.0.1", true, { app: "debug" }));
    await vi.waitFor(() => expect(endpoints(api)?.subsets).toBeUndefined());
  });

  it("uses numeric target ports as given and defaults the target to the service port", async () => {
    const api = setup();
    api.create("services", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "multi", namespace: "default" },
      spec: { selector: { app: "web" }, ports: [{ name: "a", port: 80, targetPort: 9000 }, { name: "b", port: 81 }] },
    });
    api.create("pods", pod("web-a", "10.0.0.1", true));
    await vi.waitFor(() => expect(api.get("endpoints", "default", "multi")?.subsets?.[0]?.ports).toEqual([
      { name: "a", port: 9000, protocol: "TCP" },
      { name: "b", port: 81, protocol: "TCP" },
    ]));
  });

  it("records the hostname of pods whose subdomain is a headless service", async () => {
    const api = setup();
    api.create("services", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "db", namespace: "default" },
      spec: { clusterIP: "None", selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
    });
    const member = pod("db-0", "10.0.0.7", true);
    member.spec.hostname = "db-0";
    member.spec.subdomain = "db";
    api.create("pods", member);
    await vi.waitFor(() => expect(api.get("endpoints", "default", "db")?.subsets?.[0]?.addresses?.[0]?.hostname).toBe("db-0"));
    expect(api.get("endpoints", "default", "db")?.metadata.labels).toEqual({ "service.kubernetes.io/headless": "" });
    expect(endpoints(api)?.subsets?.[0]?.addresses?.[0]?.hostname).toBeUndefined();
  });

  it("deletes the Endpoints with their Service and leaves selector-less services alone", async () => {
    const api = setup();
    await vi.waitFor(() => expect(endpoints(api)).toBeDefined());
    api.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "manual", namespace: "default" }, spec: { ports: [{ port: 5432 }] } });
    api.create("endpoints", { apiVersion: "v1", kind: "Endpoints", metadata: { name: "manual", namespace: "default" }, subsets: [{ addresses: [{ ip: "192.168.1.5" }], ports: [{ port: 5432 }] }] });
    api.delete("services", "default", "web");
    await vi.waitFor(() => expect(endpoints(api)).toBeUndefined());
    expect(api.get("endpoints", "default", "manual")?.subsets?.[0]?.addresses).toEqual([{ ip: "192.168.1.5" }]);
  });

  it("does not rewrite Endpoints for pod updates that change nothing they list", async () => {
    const api = setup();
    api.create("pods", pod("web-a", "10.0.0.1", true));
    await vi.waitFor(() => expect(endpoints(api)?.subsets).toHaveLength(1));
    const writes = () => api.calls.filter((c) => c.resource === "endpoints").length;
    const before = writes();
    const current = api.getOrThrow("pods", "default", "web-a");
    api.update("pods", { ...current, status: { ...current.status, containerStatuses: [{ name: "nginx", restartCount: 1 }] } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(writes()).toBe(before);
  });
});
