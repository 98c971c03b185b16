import { describe, expect, it } from "vitest";
import { parseRequestInfo } from "./request-info";

const info = (method: string, url: string) => {
  const u = new URL(url, "http://x");
  return parseRequestInfo(method, u.pathname, u.searchParams);
};

describe("parseRequestInfo", () => {
  it("derives the RBAC verb from method, name and watch", () => {
    expect(info("GET", "/apis/apps/v1/namespaces/t-b/deployments")).toMatchObject({ verb: "list", apiGroup: "apps", apiVersion: "v1", namespace: "t-b", resource: "deployments" });
    expect(info("GET", "/apis/apps/v1/namespaces/t-b/deployments?watch=true")).toMatchObject({ verb: "watch" });
    expect(info("GET", "/api/v1/watch/namespaces/default/pods")).toMatchObject({ verb: "watch", resource: "pods", namespace: "default" });
    expect(info("GET", "/apis/apps/v1/namespaces/t-b/deployments/web")).toMatchObject({ verb: "get", name: "web" });
    expect(info("DELETE", "/api/v1/namespaces/default/pods")).toMatchObject({ verb: "deletecollection" });
    expect(info("POST", "/api/v1/namespaces/default/pods/p/eviction")).toMatchObject({ verb: "create", resource: "pods", name: "p", subresource: "eviction" });
  });

  it("treats /namespaces/{name}/status and /finalize as namespace subresources", () => {
    expect(info("PUT", "/api/v1/namespaces/t-b/finalize")).toMatchObject({ resource: "namespaces", name: "t-b", subresource: "finalize", verb: "update" });
    expect(info("GET", "/api/v1/namespaces/t-b")).toMatchObject({ resource: "namespaces", name: "t-b", namespace: "t-b" });
    expect(info("GET", "/api/v1/namespaces")).toMatchObject({ resource: "namespaces", verb: "list", namespace: undefined });
  });

  it("keeps the proxied path after nodes/{name}/proxy", () => {
    expect(info("GET", "/api/v1/nodes/node-1/proxy/metrics/cadvisor")).toMatchObject({ resource: "nodes", name: "node-1", subresource: "proxy", rest: ["metrics", "cadvisor"] });
  });

  it("marks discovery and other paths as non-resource requests", () => {
    for (const path of ["/api", "/apis", "/apis/apps", "/api/v1", "/apis/apps/v1", "/version", "/openapi/v3"]) {
      expect(info("GET", path)).toMatchObject({ isResourceRequest: false, verb: "get", path });
    }
  });
});
