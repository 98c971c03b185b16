import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as readyz } from "@/app/api/v1/readyz/route";
import { POST as signIn } from "@/app/api/v1/session/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { createPlatformAdmin } from "@/lib/server/auth/platform-admins";
import { resetEnvForTests } from "@/lib/server/env";
import { applyRegistryEvents } from "@/lib/server/registry/apply-registry-events";
import { call } from "@/scripts/test-support/api-test-harness";
import { startClusterApiHarness, type ClusterApiHarness } from "@/scripts/test-support/cluster-api-harness";
import type { FakeRegistry } from "@/scripts/test-support/test-cluster";
import { GET as registryStatus } from "../registry-status/route";
import { GET as listTags } from "../repositories/[repo]/tags/route";
import { DELETE as deleteTag } from "../repositories/[repo]/tags/[tag]/route";
import { GET as listPods } from "./[name]/pods/route";
import { POST as create } from "./route";

// The image registry goes down while the console runs (one node, so "already pulled" means "on the node"): readiness
// names the registry as down and, to a platform admin, why; the hub's registry status tells the tenant it is down and
// when it was last reachable, without the registry's address or error; a workload of an image the node already has
// still deploys and runs (IfNotPresent, as kubelets do); one of an image never pulled is accepted and its pods say in
// words why they wait.
// The hub still lists what it knows (its catalogue is in the database); deleting a tag, which needs the registry,
// answers 503 saying the registry is not reachable, and deletes nothing.

let env: ClusterApiHarness;
let registry: FakeRegistry;
let owner: string;
let admin: string;
const params = { tenant: "acme" };
let image: (tag: string) => string;

async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, attempts = 300): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`never happened: ${what}`);
}

const deploy = (name: string, tag: string) =>
  call(create, "POST", "/api/v1/tenants/acme/deployments", { session: owner, params, body: { spec: { name, image: image(tag), replicas: 1, containerPort: 8080 } } });
const podsOf = async (name: string) =>
  (await call(listPods, "GET", `/api/v1/tenants/acme/deployments/${name}/pods`, { session: owner, params: { ...params, name } })).body as { items?: { phase: string; ready: boolean; status: string; message: string | null }[] } & Record<string, unknown>;

beforeAll(async () => {
  env = await startClusterApiHarness({ images: [{ repository: "acme/web", tag: "v1" }, { repository: "acme/web", tag: "v2" }], cluster: { nodes: 1 } });
  ({ registry } = env);
  // Apiary's own calls and probes reach the registry the nodes pull from.
  process.env.REGISTRY_URL = registry.url;
  resetEnvForTests();
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  await createPlatformAdmin({ email: "ops@example.com", password: "operator password 1" });
  admin = (await call(signIn, "POST", "/api/v1/session", { body: { email: "ops@example.com", password: "operator password 1" } })).sessionToken!;
  image = (tag) => `${registry.host}/acme/web:${tag}`;
  // The registry's notification of the push of acme/web:v1, as the hub receives it.
  const pushed = await applyRegistryEvents([
    {
      id: "push-acme-web-v1",
      action: "push",
      timestamp: new Date().toISOString(),
      target: { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: `sha256:${"a".repeat(64)}`, repository: "acme/web", tag: "v1", size: 1234 },
      actor: { name: "owner@example.com" },
    },
  ]);
  expect(pushed.applied).toBe(1);
  expect((await deploy("web", "v1")).status).toBe(201);
  await eventually(async () => env.cache.get("deployments", "t-acme", "web")?.status?.availableReplicas === 1, "web to run from the registry");
  const reachable = await call(registryStatus, "GET", "/api/v1/tenants/acme/registry-status", { session: owner, params });
  expect(reachable.body).toMatchObject({ reachable: true, lastReachableAt: expect.any(String) });
}, 180_000);

afterAll(async () => {
  delete process.env.REGISTRY_URL;
  resetEnvForTests();
  await env?.stop();
});

describe("the image registry down", () => {
  it("is reported down by readiness, in words to a platform admin and as just down to anyone", async () => {
    await registry.close();
    const report = await call(readyz, "GET", "/api/v1/readyz", { session: admin });
    expect(report.status).toBe(503);
    expect(report.headers.get("retry-after")).toBeTruthy();
    expect(report.body.checks.registry).toMatchObject({ status: "down", target: registry.url, error: expect.stringMatching(/^fetch failed: (other side closed|connect ECONNREFUSED)/) });
    expect(report.body.checks.database.status).toBe("up");
    expect(report.body.checks.cluster.status).toBe("up");
    const anonymous = await call(readyz, "GET", "/api/v1/readyz", { origin: null });
    expect(anonymous.status).toBe(503);
    expect(anonymous.body.checks.registry).toEqual({ status: "down" });
  });

  it("is reported down to the tenant by the hub's registry status, with when it was last reachable and nothing of the registry's insides", async () => {
    const status = await call(registryStatus, "GET", "/api/v1/tenants/acme/registry-status", { session: owner, params });
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ reachable: false, checkedAt: expect.any(String), lastReachableAt: expect.any(String) });
    expect(Date.parse(status.body.lastReachableAt)).toBeLessThanOrEqual(Date.parse(status.body.checkedAt));
    expect(JSON.stringify(status.body)).not.toContain(registry.host);
    expect(JSON.stringify(status.body)).not.toMatch(/ECONNREFUSED|fetch failed|127\.0\.0\.1/);
  });

  it("still lists the hub's tags, and refuses to delete one in words, deleting nothing", async () => {
    const tagParams = { ...params, repo: "web", tag: "v1" };
    const before = await call(listTags, "GET", "/api/v1/tenants/acme/repositories/web/tags", { session: owner, params: tagParams });
    expect(before.status).toBe(200);
    expect(JSON.stringify(before.body)).toMatch(/"v1"/);
    const refused = await call(deleteTag, "DELETE", "/api/v1/tenants/acme/repositories/web/tags/v1", { session: owner, params: tagParams });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.body.error).toMatchObject({ code: "unavailable", message: expect.stringMatching(/image registry is not reachable \(.*ECONNREFUSED.*\), so acme\/web@sha256:a+ was not deleted/) });
    const after = await call(listTags, "GET", "/api/v1/tenants/acme/repositories/web/tags", { session: owner, params: tagParams });
    expect(after.body).toEqual(before.body);
  });

  it("still deploys and runs an image the node already has", async () => {
    const created = await deploy("web-again", "v1");
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await eventually(async () => env.cache.get("deployments", "t-acme", "web-again")?.status?.availableReplicas === 1, "web-again to run from the node's image cache");
    const pods = await podsOf("web-again");
    expect(JSON.stringify(pods)).toMatch(/"phase":"Running"/);
  });

  it("accepts a workload of an image never pulled, whose pod says why it waits", async () => {
    const created = await deploy("fresh", "v2");
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const pods = await eventually(async () => {
      const body = await podsOf("fresh");
      return /ErrImagePull|ImagePullBackOff/.test(JSON.stringify(body)) && body;
    }, "the fresh pod to report its failed pull");
    // The reason names the image and what went wrong with the registry, not just a code.
    expect(JSON.stringify(pods)).toMatch(/acme\/web:v2/);
    expect(env.cache.get("deployments", "t-acme", "fresh")?.status?.availableReplicas ?? 0).toBe(0);
  });
});
