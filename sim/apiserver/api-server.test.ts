import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClusterApi } from "../core/api";
import { bootstrapRbacObjects } from "../core/bootstrap-rbac";
import { createClock } from "../core/clock";
import { METRICS_RESOURCES, RESOURCES } from "../core/resources";
import { StatusError, type KObject, type KubeletHub, type ServedClusterApi } from "../core/types";
import { createApiServer, type ApiServer } from "./api-server";
import { createRbacAuthorizer } from "./rbac-authorizer";

// The kubelets are faked: these tests are about the HTTP layer.
function fakeHub(): KubeletHub & { followers: Set<(line: string) => void>; calls: string[] } {
  const followers = new Set<(line: string) => void>();
  const calls: string[] = [];
  return {
    followers,
    calls,
    logs(_ns, pod, opts) {
      if (pod === "missing") throw new StatusError(404, "NotFound", `pods "${pod}" not found`);
      const lines = ["line 1", "line 2", "line 3"].slice(-(opts.tailLines ?? 3));
      return {
        lines,
        ...(opts.follow
          ? {
              follow: (onLine: (l: string) => void) => {
                followers.add(onLine);
                return () => followers.delete(onLine);
              },
            }
          : {}),
      };
    },
    cadvisor: async (node) => `# HELP machine_cpu_cores Number of logical CPU cores.\nmachine_cpu_cores{node="${node}"} 8\n`,
    resourceMetrics: async () => "node_cpu_usage_seconds_total 1\n",
    podMetrics: () => [{ namespace: "default", name: "web-1", labels: { app: "web" }, timestamp: "2026-01-01T00:00:00Z", window: "15s", containers: [{ name: "nginx", usage: { cpu: "1500000n", memory: "12345Ki" } }] }],
    nodeMetrics: () => [{ name: "node-1", labels: {}, timestamp: "2026-01-01T00:00:00Z", window: "20s", usage: { cpu: "250m", memory: "1024Mi" } }],
    setNodeRunning(node, running) {
      calls.push(`running ${node} ${running}`);
    },
    setCadvisorHang(node, hang) {
      calls.push(`hang ${node} ${hang}`);
    },
    stop() {},
  };
}

const ADMIN = "admin-token";
const USER = "user-token";
let api: ServedClusterApi;
let hub: ReturnType<typeof fakeHub>;
let server: ApiServer;
let base: string;

async function call(method: string, path: string, opts: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const token = opts.token === undefined ? ADMIN : opts.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.body !== undefined && !headers["Content-Type"]) headers["Content-Type"] = "application/json";
  const res = await fetch(base + path, { method, headers, body: opts.body === undefined ? undefined : typeof opts.body === "string" || opts.body instanceof Uint8Array ? (opts.body as BodyInit) : JSON.stringify(opts.body) });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text, json };
}

/** Reads NDJSON watch events until `count` arrived or the stream ends. */
async function watchEvents(path: string, count: number, headers: Record<string, string> = {}, afterOpen?: () => void): Promise<{ events: any[]; ended: boolean; lines: string[] }> {
  const controller = new AbortController();
  const res = await fetch(base + path, { headers: { Authorization: `Bearer ${ADMIN}`, ...headers }, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const lines: string[] = [];
  afterOpen?.();
  let ended = false;
  while (lines.length < count) {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    buffer += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buffer.indexOf("\n")) >= 0) {
      lines.push(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
    }
  }
  if (!ended) controller.abort();
  const events = lines.map((l) => {
    try {
      return JSON.parse(l);
    } catch {
      return undefined;
    }
  });
  return { events, ended, lines };
}

beforeAll(async () => {
  api = createClusterApi({ clock: createClock(1) });
  for (const obj of bootstrapRbacObjects()) api.create(obj.kind === "ClusterRole" ? "clusterroles" : "clusterrolebindings", obj);
  api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "t-b" } });
  hub = fakeHub();
  server = createApiServer({
    api,
    hub,
    resources: RESOURCES,
    metricsResources: METRICS_RESOURCES,
    authorizer: createRbacAuthorizer(api),
    adminToken: ADMIN,
    tokens: [{ token: USER, user: "apiary:user:1", groups: ["apiary:tenant:b"] }],
  });
  const port = await server.listen(0);
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server?.close();
});

const deployment = (name: string, ns = "default"): KObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: ns, labels: { app: name } },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "nginx", image: "nginx:1.25" }] } } },
});

describe("authentication and authorization", () => {
  it("serves /version and health without a token but nothing else", async () => {
    const version = await call("GET", "/version", { token: null });
    expect(version.json).toMatchObject({ major: "1", minor: "33", gitVersion: "v1.33.4" });
    expect((await call("GET", "/healthz", { token: null })).text).toBe("ok");
    const denied = await call("GET", "/api", { token: null });
    expect(denied.status).toBe(401);
    expect(denied.json).toMatchObject({ kind: "Status", reason: "Unauthorized", code: 401 });
    expect((await call("GET", "/api", { token: "wrong" })).status).toBe(401);
  });

  it("refuses a tenant user outside its RBAC with the real 403 message", async () => {
    const res = await call("POST", "/apis/apps/v1/namespaces/t-b/deployments", { token: USER, body: deployment("x", "t-b") });
    expect(res.status).toBe(403);
    expect(res.json.message).toBe('deployments.apps is forbidden: User "apiary:user:1" cannot create resource "deployments" in API group "apps" in the namespace "t-b"');
    const named = await call("GET", "/api/v1/namespaces/t-b/pods/p", { token: USER });
    expect(named.json.message).toBe('pods "p" is forbidden: User "apiary:user:1" cannot get resource "pods" in API group "" in the namespace "t-b"');
  });

  it("allows impersonation only to those who may impersonate, and adds system:authenticated", async () => {
    const forbidden = await call("GET", "/api/v1/namespaces", { token: USER, headers: { "Impersonate-User": "x" } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.message).toBe('users "x" is forbidden: User "apiary:user:1" cannot impersonate resource "users" in API group "" at the cluster scope');

    api.create("rolebindings", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "tenant-b-edit", namespace: "t-b" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "apiary:tenant:b" }],
    });
    const asGroup = await call("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
      headers: { "Impersonate-User": "someone", "Impersonate-Group": "apiary:tenant:b" },
      body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { namespace: "t-b", verb: "create", group: "apps", resource: "deployments" } } },
    });
    expect(asGroup.status).toBe(201);
    expect(asGroup.json.status.allowed).toBe(true);
    const elsewhere = await call("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
      headers: { "Impersonate-User": "someone", "Impersonate-Group": "apiary:tenant:b" },
      body: { spec: { resourceAttributes: { namespace: "default", verb: "create", group: "apps", resource: "deployments" } } },
    });
    expect(elsewhere.json.status).toEqual({ allowed: false });

    const log = await call("GET", "/_sim/requests");
    const entry = log.json.items.findLast((e: any) => e.impersonatedUser === "someone");
    expect(entry.impersonatedGroups).toEqual(["apiary:tenant:b", "system:authenticated"]);
    expect(entry.headers["impersonate-group"]).toBe("apiary:tenant:b");
    expect(entry.headers.authorization).toBe("Bearer");
    expect(JSON.stringify(log.json)).not.toContain(ADMIN);
  });

  it("answers SubjectAccessReviews for another user", async () => {
    const review = (user: string, groups: string[]) =>
      call("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
        body: { apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec: { user, groups, resourceAttributes: { namespace: "t-b", verb: "delete", resource: "pods" } } },
      });
    expect((await review("anyone", ["apiary:tenant:b"])).json.status.allowed).toBe(true);
    expect((await review("anyone", ["apiary:tenant:c"])).json.status).toEqual({ allowed: false });
    const forbidden = await call("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", { token: USER, body: { spec: { user: "x", resourceAttributes: { verb: "get", resource: "pods" } } } });
    expect(forbidden.status).toBe(403);
  });

  it("keeps the debug endpoints for the admin token", async () => {
    expect((await call("GET", "/_sim/requests", { token: USER })).status).toBe(403);
    expect((await call("DELETE", "/_sim/requests")).json.items).toEqual([]);
  });
});

describe("discovery and OpenAPI", () => {
  it("lists subresources, short names and the metrics group", async () => {
    const apps = (await call("GET", "/apis/apps/v1")).json;
    expect(apps.resources.find((r: any) => r.name === "deployments")).toMatchObject({ singularName: "deployment", namespaced: true, kind: "Deployment", shortNames: ["deploy"], categories: ["all"] });
    expect(apps.resources.find((r: any) => r.name === "deployments/scale")).toMatchObject({ group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] });
    const core = (await call("GET", "/api/v1")).json;
    expect(core.resources.find((r: any) => r.name === "pods/eviction")).toMatchObject({ group: "policy", version: "v1", kind: "Eviction", verbs: ["create"] });
    const groups = (await call("GET", "/apis", { headers: { Accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json" } }));
    expect(groups.contentType).toBe("application/json");
    expect(groups.json.groups.map((g: any) => g.name)).toContain("metrics.k8s.io");
    expect((await call("GET", "/apis/metrics.k8s.io/v1beta1")).json.resources.map((r: any) => r.name)).toEqual(["pods", "nodes"]);
  });

  it("serves an OpenAPI v3 PATCH operation with fieldValidation per kind and no v2", async () => {
    const root = (await call("GET", "/openapi/v3")).json;
    const url = root.paths["apis/apps/v1"].serverRelativeURL;
    const doc = (await call("GET", url)).json;
    const op = doc.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"].patch;
    expect(op["x-kubernetes-group-version-kind"]).toEqual({ group: "apps", version: "v1", kind: "Deployment" });
    expect(op.parameters.map((p: any) => p.name)).toContain("fieldValidation");
    expect((await call("GET", "/openapi/v2")).status).toBe(404);
  });
});

describe("REST", () => {
  it("creates, gets as a Table and reports NotFound like the real server", async () => {
    const created = await call("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("web") });
    expect(created.status).toBe(201);
    const table = await call("GET", "/apis/apps/v1/namespaces/default/deployments", { headers: { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" } });
    expect(table.contentType).toBe("application/json;as=Table;v=v1;g=meta.k8s.io");
    expect(table.json.columnDefinitions.map((c: any) => c.name)).toEqual(["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"]);
    expect(table.json.rows[0].cells.slice(0, 2)).toEqual(["web", "0/2"]);
    expect(table.json.rows[0].object.kind).toBe("PartialObjectMetadata");
    const missing = await call("GET", "/apis/apps/v1/namespaces/default/deployments/nope", { headers: { Accept: "application/vnd.kubernetes.protobuf,application/json" } });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ kind: "Status", reason: "NotFound", message: 'deployments.apps "nope" not found', details: { name: "nope", group: "apps", kind: "deployments" } });
    expect((await call("GET", "/api/v1/namespaces/t-b")).json.metadata.name).toBe("t-b");
  });

  it("pages lists with limit and continue", async () => {
    for (const n of ["a", "b", "c"]) await call("POST", "/api/v1/namespaces/default/configmaps", { body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `page-${n}`, labels: { page: "yes" } } } });
    const first = (await call("GET", "/api/v1/namespaces/default/configmaps?limit=2&labelSelector=page%3Dyes")).json;
    expect(first.kind).toBe("ConfigMapList");
    expect(first.items).toHaveLength(2);
    const second = (await call("GET", `/api/v1/namespaces/default/configmaps?limit=2&labelSelector=page%3Dyes&continue=${encodeURIComponent(first.metadata.continue)}`)).json;
    expect(second.items.map((i: any) => i.metadata.name)).toEqual(["page-c"]);
  });

  it("maps patch content types and refuses unknown ones with 415", async () => {
    const merged = await call("PATCH", "/apis/apps/v1/namespaces/default/deployments/web", { body: { metadata: { labels: { team: "a" } } }, headers: { "Content-Type": "application/merge-patch+json" } });
    expect(merged.json.metadata.labels).toEqual({ app: "web", team: "a" });
    const smp = await call("PATCH", "/apis/apps/v1/namespaces/default/deployments/web", {
      body: { spec: { template: { spec: { $setElementOrder: undefined, containers: [{ name: "nginx", image: "nginx:1.26" }] } } } },
      headers: { "Content-Type": "application/strategic-merge-patch+json" },
    });
    expect(smp.json.spec.template.spec.containers[0]).toMatchObject({ name: "nginx", image: "nginx:1.26" });
    const bad = await call("PATCH", "/apis/apps/v1/namespaces/default/deployments/web", { body: {}, headers: { "Content-Type": "text/plain" } });
    expect(bad.status).toBe(415);
    expect(bad.json.reason).toBe("UnsupportedMediaType");
  });

  it("serves the scale subresource as autoscaling/v1 Scale", async () => {
    const scale = (await call("GET", "/apis/apps/v1/namespaces/default/deployments/web/scale")).json;
    expect(scale).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 2 }, status: { selector: "app=web" } });
    const patched = await call("PATCH", "/apis/apps/v1/namespaces/default/deployments/web/scale", { body: { spec: { replicas: 5 } }, headers: { "Content-Type": "application/merge-patch+json" } });
    expect(patched.json).toMatchObject({ kind: "Scale", spec: { replicas: 5 } });
    expect(api.get("deployments", "default", "web")!.spec.replicas).toBe(5);
  });

  it("honours dryRun=All and refuses unknown fields with fieldValidation=Strict", async () => {
    const dry = await call("POST", "/apis/apps/v1/namespaces/default/deployments?dryRun=All", { body: deployment("dry") });
    expect(dry.status).toBe(201);
    expect(api.get("deployments", "default", "dry")).toBeUndefined();
    const strict = await call("POST", "/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict", { body: { ...deployment("strict"), spec: { ...deployment("strict").spec, foo: 1 } } });
    expect(strict.status).toBe(400);
    expect(strict.json.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"');
  });

  it("finalizes a terminating namespace through /finalize", async () => {
    await call("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "fin" } } });
    const deleting = await call("DELETE", "/api/v1/namespaces/fin");
    expect(deleting.json.status.phase).toBe("Terminating");
    const ns = api.get("namespaces", undefined, "fin")!;
    const res = await call("PUT", "/api/v1/namespaces/fin/finalize", { body: { ...ns, spec: { finalizers: [] } } });
    expect(res.status).toBe(200);
    expect(api.get("namespaces", undefined, "fin")).toBeUndefined();
  });

  it("deletes with a DeleteOptions body", async () => {
    await call("POST", "/api/v1/namespaces/default/configmaps", { body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "doomed" } } });
    const res = await call("DELETE", "/api/v1/namespaces/default/configmaps/doomed", { body: { propagationPolicy: "Background" } });
    expect(res.json).toMatchObject({ kind: "Status", status: "Success", details: { name: "doomed", kind: "configmaps" } });
    expect(api.get("configmaps", "default", "doomed")).toBeUndefined();
  });

  it("decodes protobuf bodies from kubectl's typed clients", async () => {
    // k8s\0 + Unknown{typeMeta{apiVersion:"v1",kind:"Namespace"}, raw: Namespace{metadata{name:"proto-ns"}}}
    const str = (field: number, s: string) => [(field << 3) | 2, Buffer.byteLength(s), ...Buffer.from(s)];
    const msg = (field: number, bytes: number[]) => [(field << 3) | 2, bytes.length, ...bytes];
    const namespace = msg(1, str(1, "proto-ns"));
    const body = Buffer.from([0x6b, 0x38, 0x73, 0x00, ...msg(1, [...str(1, "v1"), ...str(2, "Namespace")]), ...msg(2, namespace)]);
    const res = await call("POST", "/api/v1/namespaces", { body: new Uint8Array(body), headers: { "Content-Type": "application/vnd.kubernetes.protobuf" } });
    expect(res.status).toBe(201);
    expect(res.json.metadata.name).toBe("proto-ns");
  });
});

describe("watch", () => {
  it("streams NDJSON events, as Table rows when asked", async () => {
    const rv = api.currentResourceVersion();
    const { events, lines } = await watchEvents(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`, 1, { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io" }, () => {
      setTimeout(() => api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "watched", namespace: "default" }, data: { a: "1" } }), 50);
    });
    expect(lines[0].endsWith("}")).toBe(true);
    expect(events[0].type).toBe("ADDED");
    expect(events[0].object.kind).toBe("Table");
    expect(events[0].object.columnDefinitions.map((c: any) => c.name)).toEqual(["Name", "Data", "Age"]);
    expect(events[0].object.rows[0].cells.slice(0, 2)).toEqual(["watched", 1]);
  });

  it("sends current objects first when no resourceVersion is given", async () => {
    const { events } = await watchEvents("/api/v1/namespaces/default/configmaps?watch=true&labelSelector=page%3Dyes", 3);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(["ADDED page-a", "ADDED page-b", "ADDED page-c"]);
  });

  it("answers a compacted resourceVersion with a 410 Expired ERROR event and ends the stream", async () => {
    const old = api.currentResourceVersion();
    api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "after-old", namespace: "default" } });
    await call("POST", "/_sim/faults", { body: { action: "compact" } });
    const { events, ended } = await watchEvents(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${Number(old) - 1}`, 2);
    expect(events[0]).toMatchObject({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired" } });
    expect(ended).toBe(true);
  });

  it("ends every stream on drop-watches and honours timeoutSeconds", async () => {
    const rv = api.currentResourceVersion();
    const dropped = watchEvents(`/api/v1/pods?watch=true&resourceVersion=${rv}`, 1, {}, () => {
      setTimeout(() => void call("POST", "/_sim/faults", { body: { action: "drop-watches" } }), 50);
    });
    expect((await dropped).ended).toBe(true);
    const timed = await watchEvents(`/api/v1/pods?watch=true&resourceVersion=${rv}&timeoutSeconds=1`, 1);
    expect(timed.ended).toBe(true);
  });
});

describe("subresources served from the kubelets", () => {
  it("returns logs as text and follows new lines", async () => {
    api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "web-1", namespace: "default" }, spec: { containers: [{ name: "nginx", image: "nginx" }] } });
    const res = await call("GET", "/api/v1/namespaces/default/pods/web-1/log?tailLines=2");
    expect(res.contentType).toContain("text/plain");
    expect(res.text).toBe("line 2\nline 3\n");
    const follow = watchEvents("/api/v1/namespaces/default/pods/web-1/log?follow=true&tailLines=1", 2, {}, () => {
      setTimeout(() => hub.followers.forEach((f) => f(JSON.stringify({ next: true }))), 50);
    });
    expect((await follow).lines).toEqual(["line 3", '{"next":true}']);
  });

  it("proxies cAdvisor metrics and serves metrics.k8s.io", async () => {
    const cadvisor = await call("GET", "/api/v1/nodes/node-1/proxy/metrics/cadvisor").catch(() => undefined);
    // node-1 is not registered in this API (no kubelets here), so the proxy says so.
    expect(cadvisor?.status).toBe(404);
    api.create("nodes", { apiVersion: "v1", kind: "Node", metadata: { name: "node-1" } });
    const ok = await call("GET", "/api/v1/nodes/node-1/proxy/metrics/cadvisor");
    expect(ok.contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(ok.text).toContain("machine_cpu_cores");
    const pods = (await call("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods")).json;
    expect(pods).toMatchObject({ kind: "PodMetricsList", apiVersion: "metrics.k8s.io/v1beta1", items: [{ metadata: { name: "web-1", namespace: "default" }, containers: [{ name: "nginx" }] }] });
    const nodes = (await call("GET", "/apis/metrics.k8s.io/v1beta1/nodes")).json;
    expect(nodes.items[0]).toMatchObject({ kind: "NodeMetrics", metadata: { name: "node-1" }, usage: { cpu: "250m" } });
  });
});

describe("faults", () => {
  it("stops nodes and hangs cAdvisor through the kubelets and reports the current faults", async () => {
    await call("POST", "/_sim/faults", { body: { action: "stop-node", node: "node-2" } });
    await call("POST", "/_sim/faults", { body: { action: "hang-cadvisor", node: "node-3", hang: true } });
    expect(hub.calls).toEqual(["running node-2 false", "hang node-3 true"]);
    expect((await call("GET", "/_sim/faults")).json).toMatchObject({ stoppedNodes: ["node-2"], hungCadvisor: ["node-3"] });
    await call("POST", "/_sim/faults", { body: { action: "start-node", node: "node-2" } });
    await call("POST", "/_sim/faults", { body: { action: "hang-cadvisor", node: "node-3", hang: false } });
    expect((await call("GET", "/_sim/faults")).json).toMatchObject({ stoppedNodes: [], hungCadvisor: [] });
    expect((await call("POST", "/_sim/faults", { body: { action: "explode" } })).status).toBe(400);
  });

  it("fails API requests while fail-requests is on, but not the debug endpoints", async () => {
    await call("POST", "/_sim/faults", { body: { action: "fail-requests", fraction: 1, status: 503 } });
    const failed = await call("GET", "/api/v1/namespaces");
    expect(failed.status).toBe(503);
    expect((await call("GET", "/_sim/faults")).json.failRequests).toEqual({ fraction: 1, status: 503 });
    await call("POST", "/_sim/faults", { body: { action: "fail-requests", fraction: 0 } });
    expect((await call("GET", "/api/v1/namespaces")).status).toBe(200);
  });
});
