import { describe, expect, it } from "vitest";
import { admitResourceQuota, computeQuotaUsed } from "./admission-resource-quota";
import { resourceInfo } from "./resources";
import type { KObject } from "./types";

function pod(name: string, cpu?: string, phase = "Running"): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "shop" },
    spec: { containers: [{ name: "web", image: "nginx", resources: cpu ? { requests: { cpu }, limits: { cpu } } : {} }] },
    status: { phase },
  };
}

const quota: KObject = {
  apiVersion: "v1",
  kind: "ResourceQuota",
  metadata: { name: "compute", namespace: "shop" },
  spec: { hard: { "requests.cpu": "2", pods: "10" } },
};

describe("ResourceQuota admission", () => {
  const existing = [pod("a", "1"), pod("b", "800m"), pod("done", "4", "Succeeded")];
  const list = (resource: string) => (resource === "pods" ? existing : []);

  it("counts non-terminal pods in status.used", () => {
    expect(computeQuotaUsed(quota, list)).toEqual({ "requests.cpu": "1800m", pods: "2" });
  });

  it("refuses a pod that would exceed the quota with the real message", () => {
    let error: any;
    try {
      admitResourceQuota(resourceInfo("pods"), pod("web-abc", "500m"), [quota], list);
    } catch (e) {
      error = e;
    }
    expect(error?.code).toBe(403);
    expect(error?.reason).toBe("Forbidden");
    expect(error?.message).toBe(
      'pods "web-abc" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=1800m, limited: requests.cpu=2',
    );
  });

  it("admits a pod that fits", () => {
    expect(() => admitResourceQuota(resourceInfo("pods"), pod("small", "200m"), [quota], list)).not.toThrow();
  });

  it("requires every container to state a resource the quota limits", () => {
    const limits: KObject = { ...quota, spec: { hard: { "limits.cpu": "4", "requests.memory": "1Gi" } } };
    expect(() => admitResourceQuota(resourceInfo("pods"), pod("web", undefined), [limits], list)).toThrow(
      'pods "web" is forbidden: failed quota: compute: must specify limits.cpu for: web; requests.memory for: web',
    );
  });

  it("counts services against a services quota", () => {
    const svcQuota: KObject = { ...quota, metadata: { name: "objects", namespace: "shop" }, spec: { hard: { services: "1" } } };
    const svc: KObject = { apiVersion: "v1", kind: "Service", metadata: { name: "two", namespace: "shop" }, spec: {} };
    const services = (resource: string) => (resource === "services" ? [{ ...svc, metadata: { name: "one", namespace: "shop" } }] : []);
    expect(() => admitResourceQuota(resourceInfo("services"), svc, [svcQuota], services)).toThrow(
      'services "two" is forbidden: exceeded quota: objects, requested: services=1, used: services=1, limited: services=1',
    );
  });
});
