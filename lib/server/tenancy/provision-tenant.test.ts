import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { tenants } from "../db/schema";
import { getEnv } from "../env";
import { ApiError } from "../http/api-error";
import { provisionTenant } from "./provision-tenant";
import { reconcileUnfinishedTenants } from "./reconcile-tenant";
import { getPlanOrThrow } from "./tenants";

let harness: ApiHarness;
beforeAll(async () => {
  harness = await startApiHarness();
  // The pull secret's robot is a row of its tenant, so the tenants provisioned here exist in the database.
  await harness.database.db.insert(tenants).values([
    { id: tenant.id, slug: tenant.slug, name: "Acme", namespace: tenant.namespace, status: "active" },
    { id: "0b6f3d2e-8c1a-4f7e-9d2b-5a4c3e2f1a00", slug: "beta", name: "Beta", namespace: "t-beta", status: "active" },
  ]);
});
afterAll(async () => harness?.stop());
afterEach(() => {
  harness.cluster.failWhen = undefined;
});

const tenant = { id: "7d3c1a52-4b7e-4c59-9a51-0d6f1f5a0c11", slug: "acme", namespace: "t-acme" };
const ns = "/api/v1/namespaces/t-acme";
const rbac = "/apis/rbac.authorization.k8s.io/v1/namespaces/t-acme/rolebindings";

describe("provisionTenant", () => {
  it("creates the namespace with its labels, quota from the plan, default limits, network isolation and role bindings", async () => {
    await provisionTenant(tenant, await getPlanOrThrow("free"));
    const cluster = harness.cluster;
    expect(cluster.get(ns).metadata.labels).toMatchObject({
      "apiary.io/tenant": tenant.id,
      "pod-security.kubernetes.io/enforce": "restricted",
      "app.kubernetes.io/managed-by": "apiary",
    });
    expect(cluster.get(`${ns}/resourcequotas/apiary-quota`).spec.hard).toEqual({
      "requests.cpu": "2000m",
      "requests.memory": "4096Mi",
      "limits.cpu": "4000m",
      "limits.memory": "8192Mi",
      pods: "10",
    });
    expect(cluster.get(`${ns}/limitranges/apiary-defaults`).spec.limits).toEqual([
      { type: "Container", defaultRequest: { cpu: "250m", memory: "256Mi" }, default: { cpu: "500m", memory: "512Mi" } },
    ]);
    expect(cluster.get("/apis/networking.k8s.io/v1/namespaces/t-acme/networkpolicies/default-deny-other-namespaces").spec).toEqual({
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: {} }] }],
    });
    const bindings = ["owner", "admin", "developer", "viewer"].map((role) => cluster.get(`${rbac}/apiary-${role}`));
    expect(bindings.map((b) => `${b.roleRef.kind}/${b.roleRef.name} <- ${b.subjects[0].kind}/${b.subjects[0].name}`)).toEqual([
      `ClusterRole/admin <- Group/apiary:tenant:${tenant.id}:owner`,
      `ClusterRole/admin <- Group/apiary:tenant:${tenant.id}:admin`,
      `ClusterRole/edit <- Group/apiary:tenant:${tenant.id}:developer`,
      `ClusterRole/view <- Group/apiary:tenant:${tenant.id}:viewer`,
    ]);
    // Provisioning acts as Apiary itself: cluster-scoped namespaces are not something a tenant may create.
    for (const request of cluster.requests) {
      expect(request.headers.authorization).toBe("Bearer apiary-test-token");
      expect(request.headers["impersonate-user"]).toBeUndefined();
    }
  });

  it("writes the apiary-registry pull secret for the registry host and lists it on the default ServiceAccount", async () => {
    const secret = harness.cluster.get(`${ns}/secrets/apiary-registry`);
    expect(secret.type).toBe("kubernetes.io/dockerconfigjson");
    const config = JSON.parse(Buffer.from(secret.data[".dockerconfigjson"], "base64").toString("utf8"));
    const host = new URL(getEnv().registryUrl).host;
    expect(Object.keys(config.auths)).toEqual([host]);
    const entry = config.auths[host];
    expect(entry.username).toBe("robot$acme");
    expect(entry.password).toMatch(/^rbs_/);
    expect(Buffer.from(entry.auth, "base64").toString("utf8")).toBe(`robot$acme:${entry.password}`);
    expect(harness.cluster.get(`${ns}/serviceaccounts/default`).imagePullSecrets).toEqual([{ name: "apiary-registry" }]);
  });

  it("keeps the robot credential on a re-run, and keeps pull secrets the ServiceAccount already listed", async () => {
    const password = () => Object.values(JSON.parse(Buffer.from(harness.cluster.get(`${ns}/secrets/apiary-registry`).data[".dockerconfigjson"], "base64").toString("utf8")).auths as Record<string, { password: string }>)[0].password;
    const before = password();
    harness.cluster.get(`${ns}/serviceaccounts/default`).imagePullSecrets = [{ name: "mine" }];
    await provisionTenant(tenant, await getPlanOrThrow("free"));
    expect(password()).toBe(before);
    expect(harness.cluster.get(`${ns}/serviceaccounts/default`).imagePullSecrets).toEqual([{ name: "mine" }, { name: "apiary-registry" }]);
  });

  it("converges on a re-run: the same objects, replaced rather than duplicated, with drift put back", async () => {
    const cluster = harness.cluster;
    cluster.get(`${ns}/resourcequotas/apiary-quota`).spec.hard.pods = "999";
    cluster.get(`${rbac}/apiary-viewer`).roleRef.name = "cluster-admin";
    const before = cluster.objects.size;
    cluster.requests.length = 0;
    await provisionTenant(tenant, await getPlanOrThrow("free"));
    expect(cluster.objects.size).toBe(before);
    expect(cluster.get(`${ns}/resourcequotas/apiary-quota`).spec.hard.pods).toBe("10");
    expect(cluster.get(`${rbac}/apiary-viewer`).roleRef.name).toBe("view");
    expect(cluster.requests.filter((r) => r.method === "PUT").length).toBeGreaterThanOrEqual(7);
  });

  it("resumes after a failure part-way", async () => {
    const other = { id: "0b6f3d2e-8c1a-4f7e-9d2b-5a4c3e2f1a00", slug: "beta", namespace: "t-beta" };
    harness.cluster.failWhen = (r) => (r.path.includes("networkpolicies") ? 503 : undefined);
    const error = await provisionTenant(other, await getPlanOrThrow("free")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(/isolating the network/);
    expect(harness.cluster.get("/api/v1/namespaces/t-beta/resourcequotas/apiary-quota")).toBeTruthy();
    harness.cluster.failWhen = undefined;
    await provisionTenant(other, await getPlanOrThrow("free"));
    expect(harness.cluster.get("/apis/networking.k8s.io/v1/namespaces/t-beta/networkpolicies/default-deny-other-namespaces")).toBeTruthy();
    expect(harness.cluster.get("/apis/rbac.authorization.k8s.io/v1/namespaces/t-beta/rolebindings/apiary-viewer")).toBeTruthy();
  });

  it("never adopts a namespace that belongs to someone else", async () => {
    const impostor = { id: "11111111-2222-4333-8444-555555555555", slug: "acme", namespace: "t-acme" };
    const error = await provisionTenant(impostor, await getPlanOrThrow("free")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("conflict");
    expect(harness.cluster.get(ns).metadata.labels["apiary.io/tenant"]).toBe(tenant.id);
  });

  it("resumes, at start, tenants a previous process left in provisioning", async () => {
    const [row] = await harness.database.db.insert(tenants).values({ slug: "orphan", name: "Orphan", namespace: "t-orphan" }).returning();
    expect(await reconcileUnfinishedTenants()).toBe(1);
    const [after] = await harness.database.db.select().from(tenants).where(eq(tenants.id, row.id));
    expect(after.status).toBe("active");
    expect(harness.cluster.get("/api/v1/namespaces/t-orphan").metadata.labels["apiary.io/tenant"]).toBe(row.id);
  });
});
