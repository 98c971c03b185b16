import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import type { TenantChangeNotice } from "@/lib/contracts/workloads";
import type { WatchCache } from "@/lib/server/kubernetes/watch-cache";
import { call, ORIGIN } from "@/scripts/test-support/api-test-harness";
import { startClusterApiHarness, type ClusterApiHarness } from "@/scripts/test-support/cluster-api-harness";
import type { FakeRegistry, TestCluster } from "@/scripts/test-support/test-cluster";
import { GET as tenantEvents } from "./route";
import { readSseNotices } from "@/scripts/test-support/read-sse-notices";

// The tenant's change stream against the simulated cluster: a change made with kubectl reaches the stream as a
// notice, and a reconnect with Last-Event-ID gets what it missed.

let env: ClusterApiHarness;
let cluster: TestCluster;
let registry: FakeRegistry;
let cache: WatchCache;
let owner: string;
let outsider: string;
const params = { tenant: "acme" };

async function kubectl(args: string[], stdin?: string): Promise<string> {
  const result = await cluster.kubectl(args, stdin === undefined ? {} : { stdin });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

async function eventually<T>(check: () => T | undefined | false, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  env = await startClusterApiHarness({ images: [{ repository: "acme/web", tag: "v1" }] });
  ({ registry, cluster, cache } = env);
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  outsider = (await call(signup, "POST", "/api/v1/signup", { body: { email: "out@example.com", password: "correct horse battery", name: "X", tenantName: "Globex" } })).sessionToken!;
  const manifest = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "t-acme" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "app",
              image: `${registry.host}/acme/web:v1`,
              resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "250m", memory: "512Mi" } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      },
    },
  };
  await kubectl(["apply", "-f", "-"], JSON.stringify(manifest));
  await eventually(() => cache.get("deployments", "t-acme", "web")?.status?.availableReplicas === 2, "web to become available");
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

describe("the tenant's change stream", () => {
  function openStream(lastEventId?: string, session = owner, tenant = "acme") {
    const abort = new AbortController();
    const headers: Record<string, string> = { cookie: `apiary_session=${session}`, "x-forwarded-for": "10.0.0.1" };
    if (lastEventId) headers["last-event-id"] = lastEventId;
    const notices: TenantChangeNotice[] = [];
    const done = tenantEvents(new Request(`${ORIGIN}/api/v1/tenants/${tenant}/events`, { headers, signal: abort.signal }), { params: Promise.resolve({ tenant }) }).then(async (response) => {
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/event-stream");
      await readSseNotices<TenantChangeNotice>(response.body!, (notice) => notices.push(notice));
    });
    return { notices, abort: () => abort.abort(), done };
  }

  const desiredOf = (notice: TenantChangeNotice) => (notice.resource === "workload" && notice.name === "web" ? notice.summary?.replicas.desired : undefined);

  it("sends a workload notice with the new replica count when the deployment is scaled with kubectl, and replays missed notices after a reconnect", async () => {
    const first = openStream();
    await kubectl(["scale", "deployment/web", "-n", "t-acme", "--replicas=3"]);
    const scaled = await eventually(() => first.notices.find((notice) => desiredOf(notice) === 3), "a notice of 3 replicas");
    expect(scaled).toMatchObject({ type: "MODIFIED", resource: "workload", name: "web", workload: "web" });
    await eventually(() => first.notices.find((notice) => notice.resource === "pod" && notice.workload === "web" && notice.type === "ADDED"), "a notice of the new pod");
    const lastSeen = first.notices[first.notices.length - 1].id;
    first.abort();
    await first.done;

    // While no one listens, the deployment is scaled back; the reconnect must be told.
    await kubectl(["scale", "deployment/web", "-n", "t-acme", "--replicas=2"]);
    await eventually(() => cache.get("deployments", "t-acme", "web")?.status?.replicas === 2 && cache.get("deployments", "t-acme", "web")?.status?.availableReplicas === 2, "web back at 2 replicas", 60_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = openStream(lastSeen);
    await eventually(() => second.notices.find((notice) => desiredOf(notice) === 2), "the missed notice of 2 replicas replayed");
    expect(second.notices.some((notice) => notice.type === "resync")).toBe(false);
    expect(second.notices.every((notice) => notice.id !== lastSeen)).toBe(true);
    second.abort();
    await second.done;
  });

  it("starts with a resync notice when the Last-Event-ID cannot be replayed", async () => {
    const stream = openStream("unknown.42");
    const first = await eventually(() => stream.notices[0], "the first notice");
    expect(first).toMatchObject({ type: "resync", resource: null });
    stream.abort();
    await stream.done;
  });

  it("carries only the tenant's own namespace, and is not open to outsiders", async () => {
    expect((await call(tenantEvents, "GET", "/api/v1/tenants/acme/events", { session: outsider, params })).status).toBe(404);
    const theirs = openStream(undefined, outsider, "globex");
    const ours = openStream();
    await kubectl(["scale", "deployment/web", "-n", "t-acme", "--replicas=1"]);
    await eventually(() => ours.notices.find((notice) => notice.resource === "workload" && notice.summary?.replicas.desired === 1), "acme's notice");
    await eventually(() => ours.notices.find((notice) => notice.resource === "pod" && notice.type === "DELETED"), "acme's pod going away");
    expect(theirs.notices).toEqual([]);
    theirs.abort();
    ours.abort();
    await Promise.all([theirs.done, ours.done]);
  });
});
