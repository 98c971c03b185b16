import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as createKey } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import type { WorkloadLogLine } from "@/lib/contracts/workloads";
import { getWorkloadOrThrow } from "@/lib/server/deployments/get-workload";
import { getKubeConfig, setKubeconfigPathForTests } from "@/lib/server/kubernetes/kube-config";
import { findTenantBySlug, toResolvedTenant } from "@/lib/server/tenancy/tenants";
import { setWatchCacheForTests } from "@/lib/server/kubernetes/get-watch-cache";
import { createWatchCache, type WatchCache } from "@/lib/server/kubernetes/watch-cache";
import { call, ORIGIN, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { startClusterApiHarness, type ClusterApiHarness } from "@/scripts/test-support/cluster-api-harness";
import type { FakeRegistry, TestCluster } from "@/scripts/test-support/test-cluster";
import { GET as listEvents } from "./[name]/events/route";
import { GET as logs } from "./[name]/logs/route";
import { GET as listPods } from "./[name]/pods/route";
import { GET as listRevisions } from "./[name]/revisions/route";
import { GET as getWorkload } from "./[name]/route";
import { GET as list } from "./route";

// The read side of workloads against the simulated cluster: objects are created with kubectl as an operator
// would, the BFF reads them from its watch cache, and the answers must agree with what kubectl shows.

let env: ClusterApiHarness;
let harness: ApiHarness;
let cluster: TestCluster;
let registry: FakeRegistry;
let cache: WatchCache;
let owner: string;
let outsider: string;
const params = { tenant: "acme" };

function deploymentYaml(name: string, image: string, replicas: number, env: Record<string, string> = {}): string {
  return JSON.stringify({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "t-acme", annotations: { "kubernetes.io/change-cause": `deploy ${image}` } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "app",
              image,
              env: Object.entries(env).map(([key, value]) => ({ name: key, value })),
              resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "250m", memory: "512Mi" } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      },
    },
  });
}

function statefulSetYaml(name: string, image: string, replicas: number): string {
  const manifest = JSON.parse(deploymentYaml(name, image, replicas));
  delete manifest.spec.strategy;
  return JSON.stringify({ ...manifest, kind: "StatefulSet", spec: { ...manifest.spec, serviceName: name } });
}

async function kubectl(args: string[], stdin?: string): Promise<string> {
  const result = await cluster.kubectl(args, stdin === undefined ? {} : { stdin });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const get = (handler: typeof list, path: string, options: { session?: string; apiKey?: string; params?: Record<string, string> } = {}) =>
  call(handler, "GET", path, { session: options.apiKey ? undefined : (options.session ?? owner), apiKey: options.apiKey, params: options.params ?? params });

const workloadParams = (name: string) => ({ ...params, name });

beforeAll(async () => {
  env = await startClusterApiHarness({ images: [{ repository: "acme/web", tag: "v1" }, { repository: "acme/web", tag: "v2" }] });
  ({ harness, registry, cluster, cache } = env);
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  outsider = (await call(signup, "POST", "/api/v1/signup", { body: { email: "out@example.com", password: "correct horse battery", name: "X", tenantName: "Globex" } })).sessionToken!;
  await kubectl(["apply", "-f", "-"], deploymentYaml("web", `${registry.host}/acme/web:v1`, 2));
  await eventually(async () => (await get(list, "/api/v1/tenants/acme/deployments")).body.items?.find((w: { name: string; state: string }) => w.name === "web" && w.state === "available"), "web to become available");
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

describe("reading workloads", () => {
  it("lists the tenant's deployment with the state, replicas, image, size and revision kubectl shows", async () => {
    const response = await get(list, "/api/v1/tenants/acme/deployments");
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ total: 1, nextCursor: null });
    expect(response.body.items[0]).toMatchObject({
      name: "web",
      kind: "Deployment",
      image: `${registry.host}/acme/web:v1`,
      state: "available",
      replicas: { desired: 2, updated: 2, ready: 2, available: 2, total: 2 },
      revision: 1,
      cpuRequestMillicores: 250,
      memoryRequestMiB: 512,
      size: "xs",
    });
    const revision = await kubectl(["get", "deployment", "web", "-n", "t-acme", "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"]);
    expect(revision).toBe("1");
  });

  it("shows one workload with its spec, ReplicaSets, conditions and no running rollout", async () => {
    const response = await get(getWorkload, "/api/v1/tenants/acme/deployments/web", { params: workloadParams("web") });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: "web", state: "available", paused: false, rolloutStartedAt: null, service: null });
    expect(response.body.spec).toMatchObject({ name: "web", kind: "Deployment", image: `${registry.host}/acme/web:v1`, replicas: 2, size: "xs" });
    expect(response.body.replicaSets).toHaveLength(1);
    expect(response.body.replicaSets[0]).toMatchObject({ revision: 1, desired: 2, ready: 2, current: true });
    expect(response.body.conditions.map((c: { type: string }) => c.type).sort()).toEqual(["Available", "Progressing"]);
  });

  it("lists the workload's pods as kubectl get pods does", async () => {
    const response = await get(listPods, "/api/v1/tenants/acme/deployments/web/pods", { params: workloadParams("web") });
    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(2);
    for (const pod of response.body.items) {
      expect(pod).toMatchObject({ workload: "web", phase: "Running", status: "Running", ready: true, readyContainers: 1, containers: 1, revision: 1, image: `${registry.host}/acme/web:v1` });
      expect(pod.node).toBeTruthy();
    }
    const kubectlNames = (await kubectl(["get", "pods", "-n", "t-acme", "-l", "app=web", "-o", "name"])).trim().split("\n").map((line) => line.replace("pod/", ""));
    expect(response.body.items.map((pod: { name: string }) => pod.name).sort()).toEqual(kubectlNames.sort());
  });

  it("lists the events of the deployment, its ReplicaSet and its pods, newest first", async () => {
    const response = await get(listEvents, "/api/v1/tenants/acme/deployments/web/events", { params: workloadParams("web") });
    expect(response.status).toBe(200);
    const objects: string[] = response.body.items.map((event: { object: string }) => event.object);
    expect(objects).toContain("Deployment/web");
    expect(objects.some((object) => object.startsWith("ReplicaSet/web-"))).toBe(true);
    expect(objects.some((object) => object.startsWith("Pod/web-"))).toBe(true);
    const times: string[] = response.body.items.map((event: { lastSeen: string }) => event.lastSeen);
    expect(times).toEqual([...times].sort().reverse());
  });

  it("hides a tenant's workloads from other tenants (404), and lets a viewer API key read them", async () => {
    expect((await get(list, "/api/v1/tenants/acme/deployments", { session: outsider })).status).toBe(404);
    const foreign = await get(getWorkload, "/api/v1/tenants/globex/deployments/web", { session: outsider, params: { tenant: "globex", name: "web" } });
    expect(foreign.status).toBe(404);
    expect((await get(listPods, "/api/v1/tenants/globex/deployments/web/pods", { session: outsider, params: { tenant: "globex", name: "web" } })).status).toBe(404);
    expect((await get(list, "/api/v1/tenants/globex/deployments", { session: outsider, params: { tenant: "globex" } })).body).toEqual({ items: [], total: 0, nextCursor: null });
    const viewer = (await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: owner, params, body: { name: "ci", role: "viewer" } })).body.key;
    const viewed = await get(list, "/api/v1/tenants/acme/deployments", { apiKey: viewer });
    expect(viewed.status).toBe(200);
    expect(viewed.body.items.map((w: { name: string }) => w.name)).toEqual(["web"]);
  });

  it("reads logs of one pod and of all pods merged by time, as NDJSON, and refuses a pod of another workload", async () => {
    const pods: string[] = (await get(listPods, "/api/v1/tenants/acme/deployments/web/pods", { params: workloadParams("web") })).body.items.map((pod: { name: string }) => pod.name);
    const read = async (query: string) => {
      const response = await logs(new Request(`${ORIGIN}/api/v1/tenants/acme/deployments/web/logs${query}`, { headers: { cookie: `apiary_session=${owner}`, "x-forwarded-for": "10.0.0.1" } }), {
        params: Promise.resolve(workloadParams("web")),
      });
      const text = await response.text();
      return { status: response.status, type: response.headers.get("content-type"), lines: text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as WorkloadLogLine) };
    };
    const one = await read(`?pod=${pods[0]}&tailLines=5`);
    expect(one.status).toBe(200);
    expect(one.type).toContain("application/x-ndjson");
    expect(one.lines.length).toBeGreaterThan(0);
    expect(one.lines.length).toBeLessThanOrEqual(5);
    expect(one.lines.every((line) => line.pod === pods[0] && line.container === "app" && line.time !== null)).toBe(true);
    // The pod keeps writing, so kubectl's later read holds ours as a run of consecutive lines.
    const kubectlLog = await kubectl(["logs", "-n", "t-acme", pods[0], "--tail=200"]);
    expect(kubectlLog).toContain(one.lines.map((line) => `${line.line}\n`).join(""));

    const merged = await read("?tailLines=200");
    expect(new Set(merged.lines.map((line) => line.pod))).toEqual(new Set(pods));
    const times = merged.lines.map((line) => Date.parse(line.time!));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const word = one.lines[0].line.split(/\s+/).find((part) => part.length > 3) ?? one.lines[0].line;
    const searched = await read(`?q=${encodeURIComponent(word)}&tailLines=200`);
    expect(searched.lines.length).toBeGreaterThan(0);
    expect(searched.lines.every((line) => line.line.includes(word))).toBe(true);

    expect((await read("?pod=not-a-pod-of-web")).status).toBe(404);
  });

  it("follows the logs of a pod until the client disconnects", async () => {
    const pod = (await get(listPods, "/api/v1/tenants/acme/deployments/web/pods", { params: workloadParams("web") })).body.items[0].name;
    const abort = new AbortController();
    const response = await logs(
      new Request(`${ORIGIN}/api/v1/tenants/acme/deployments/web/logs?pod=${pod}&follow=true&tailLines=1`, { headers: { cookie: `apiary_session=${owner}`, "x-forwarded-for": "10.0.0.1" }, signal: abort.signal }),
      { params: Promise.resolve(workloadParams("web")) },
    );
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (text.split("\n").filter(Boolean).length < 2) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    // The tail line, then at least one line written after the request: the answer is a live stream.
    expect(text.split("\n").filter(Boolean).length).toBeGreaterThanOrEqual(2);
    abort.abort();
    for (;;) if ((await reader.read()).done) break;
  });
});

describe("filtering and paging the list", () => {
  beforeAll(async () => {
    await kubectl(["apply", "-f", "-"], deploymentYaml("api", `${registry.host}/acme/web:v2`, 0));
    await kubectl(["apply", "-f", "-"], deploymentYaml("worker", `${registry.host}/acme/web:v1`, 0));
    await kubectl(["apply", "-f", "-"], deploymentYaml("broken", `${registry.host}/acme/missing:v1`, 1));
    await kubectl(["apply", "-f", "-"], statefulSetYaml("db", `${registry.host}/acme/web:v1`, 1));
    await eventually(async () => {
      const body = (await get(list, "/api/v1/tenants/acme/deployments")).body;
      return body.total === 5 && body.items.find((w: { name: string; state: string }) => w.name === "db")?.state === "available";
    }, "five workloads, the StatefulSet available");
  }, 60_000);

  const names = (body: { items: { name: string }[] }) => body.items.map((w) => w.name);

  it("searches name and image, filters by state and walks the pages with the cursor", async () => {
    expect(names((await get(list, "/api/v1/tenants/acme/deployments?q=WORK")).body)).toEqual(["worker"]);
    expect(names((await get(list, "/api/v1/tenants/acme/deployments?q=web:v2")).body)).toEqual(["api"]);
    const progressing = (await get(list, "/api/v1/tenants/acme/deployments?status=progressing")).body;
    expect(names(progressing)).toEqual(["broken"]);
    expect(names((await get(list, "/api/v1/tenants/acme/deployments?status=failed")).body)).toEqual([]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { name: string }[]; total: number; nextCursor: string | null } = (await get(list, `/api/v1/tenants/acme/deployments?limit=3${cursor ? `&cursor=${cursor}` : ""}`)).body;
      expect(page.total).toBe(5);
      seen.push(...names(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["api", "broken", "db", "web", "worker"]);
    expect((await get(list, "/api/v1/tenants/acme/deployments?status=sideways")).status).toBe(422);
  });

  it("lists a StatefulSet beside the Deployments, with its pods, and its running template as the only revision", async () => {
    const db = (await get(list, "/api/v1/tenants/acme/deployments?q=db")).body.items[0];
    expect(db).toMatchObject({ name: "db", kind: "StatefulSet", state: "available", replicas: { desired: 1, ready: 1 }, revision: null, size: "xs" });
    const pods = (await get(listPods, "/api/v1/tenants/acme/deployments/db/pods", { params: workloadParams("db") })).body.items;
    expect(pods).toMatchObject([{ name: "db-0", workload: "db", status: "Running", revision: null }]);
    const detail = (await get(getWorkload, "/api/v1/tenants/acme/deployments/db", { params: workloadParams("db") })).body;
    expect(detail).toMatchObject({ kind: "StatefulSet", paused: false, spec: { kind: "StatefulSet", name: "db" } });
    expect(detail.replicaSets).toMatchObject([{ current: true, desired: 1, ready: 1, image: `${registry.host}/acme/web:v1` }]);
    const revisions = (await get(listRevisions, "/api/v1/tenants/acme/deployments/db/revisions", { params: workloadParams("db") })).body.items;
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ current: true, image: `${registry.host}/acme/web:v1` });
  });

  it("shows a pod whose image cannot be pulled with kubectl's reason", async () => {
    const pods = await eventually(async () => {
      const body = (await get(listPods, "/api/v1/tenants/acme/deployments/broken/pods", { params: workloadParams("broken") })).body;
      return body.items.find((pod: { status: string }) => pod.status === "ErrImagePull" || pod.status === "ImagePullBackOff") ? body : undefined;
    }, "an image pull failure");
    expect(pods.items[0]).toMatchObject({ workload: "broken", ready: false, phase: "Pending" });
    const detail = (await get(getWorkload, "/api/v1/tenants/acme/deployments/broken", { params: workloadParams("broken") })).body;
    expect(detail.state).toBe("progressing");
    expect(detail.message).toMatch(/new pods: (ErrImagePull|ImagePullBackOff)/);
  });
});

describe("revisions", () => {
  it("lists one revision per ReplicaSet, newest first, as kubectl rollout history, with templates to diff", async () => {
    // All pods' logs, followed through the upgrade, come to include the pods the rollout starts.
    const before = new Set<string>((await get(listPods, "/api/v1/tenants/acme/deployments/web/pods", { params: workloadParams("web") })).body.items.map((pod: { name: string }) => pod.name));
    const abort = new AbortController();
    const followed = await logs(
      new Request(`${ORIGIN}/api/v1/tenants/acme/deployments/web/logs?follow=true&tailLines=1`, { headers: { cookie: `apiary_session=${owner}`, "x-forwarded-for": "10.0.0.1" }, signal: abort.signal }),
      { params: Promise.resolve(workloadParams("web")) },
    );
    const podsSeen = new Set<string>();
    const reading = (async () => {
      const reader = followed.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value);
        const lines = buffer.split("\n");
        buffer = lines.pop()!;
        for (const line of lines) if (line) podsSeen.add((JSON.parse(line) as WorkloadLogLine).pod);
      }
    })();
    await kubectl(["set", "image", "deployment/web", "-n", "t-acme", `app=${registry.host}/acme/web:v2`]);
    await kubectl(["annotate", "deployment/web", "-n", "t-acme", "--overwrite", `kubernetes.io/change-cause=upgrade to v2`]);
    await eventually(async () => {
      const body = (await get(list, "/api/v1/tenants/acme/deployments?q=web")).body;
      const web = body.items.find((w: { name: string }) => w.name === "web");
      return web?.revision === 2 && web.state === "available";
    }, "the upgrade to finish");
    await eventually(() => [...podsSeen].some((pod) => !before.has(pod)), "log lines of a pod started by the rollout");
    abort.abort();
    await reading;
    const response = await get(listRevisions, "/api/v1/tenants/acme/deployments/web/revisions", { params: workloadParams("web") });
    expect(response.status).toBe(200);
    expect(response.body.items.map((r: { revision: number; current: boolean; image: string }) => [r.revision, r.current, r.image])).toEqual([
      [2, true, `${registry.host}/acme/web:v2`],
      [1, false, `${registry.host}/acme/web:v1`],
    ]);
    expect(response.body.items[1].changeCause).toBe(`deploy ${registry.host}/acme/web:v1`);
    for (const revision of response.body.items) {
      expect(revision.template).not.toContain("pod-template-hash");
      expect(revision.template).toContain("app: web");
    }
    const history = await kubectl(["rollout", "history", "deployment/web", "-n", "t-acme"]);
    expect(history).toMatch(/^1\s+deploy /m);
    expect(history).toMatch(/^2\s+/m);
    const detail = (await get(getWorkload, "/api/v1/tenants/acme/deployments/web", { params: workloadParams("web") })).body;
    expect(detail.replicaSets.map((rs: { revision: number; current: boolean }) => [rs.revision, rs.current])).toEqual([
      [2, true],
      [1, false],
    ]);
  });

  it("answers 404 for a workload the tenant does not have", async () => {
    for (const handler of [getWorkload, listPods, listEvents, listRevisions]) {
      expect((await get(handler, "/api/v1/tenants/acme/deployments/nope", { params: workloadParams("nope") })).status).toBe(404);
    }
  });
});

describe("before the cluster view has loaded", () => {
  it("answers 503 with Retry-After instead of an empty list", async () => {
    harness.cluster.failWhen = () => 503;
    setKubeconfigPathForTests(harness.cluster.kubeconfigPath);
    const loading = createWatchCache(getKubeConfig(), { backoffInitialMs: 1_000 });
    setKubeconfigPathForTests(cluster.kubeconfigPath);
    setWatchCacheForTests(loading);
    try {
      const response = await get(list, "/api/v1/tenants/acme/deployments");
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("2");
      expect(response.body.error).toMatchObject({ code: "unavailable", message: expect.stringContaining("cluster view is loading") });
    } finally {
      setWatchCacheForTests(cache);
      harness.cluster.failWhen = undefined;
      await loading.stop();
    }
  });
});

describe("answering a write", () => {
  it("uses the object a write got back when it is newer than the cache's, and the cache's otherwise", async () => {
    const tenant = toResolvedTenant((await findTenantBySlug("acme"))!);
    const cached = cache.get("deployments", "t-acme", "web")!;
    const newer = { ...structuredClone(cached), metadata: { ...structuredClone(cached.metadata), resourceVersion: String(Number(cached.metadata!.resourceVersion) + 1000) }, spec: { ...structuredClone(cached.spec), replicas: 7 } };
    expect((await getWorkloadOrThrow(tenant, "web", newer)).replicas.desired).toBe(7);
    const older = { ...newer, metadata: { ...newer.metadata, resourceVersion: "1" } };
    expect((await getWorkloadOrThrow(tenant, "web", older)).replicas.desired).toBe(cached.spec!.replicas);
    await expect(getWorkloadOrThrow(tenant, "nope")).rejects.toMatchObject({ code: "not_found" });
  });
});
