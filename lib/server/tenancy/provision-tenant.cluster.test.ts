import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { startTestCluster, type TestCluster } from "@/scripts/test-support/test-cluster";
import { tenants } from "../db/schema";
import { clientsFor } from "../kubernetes/clients-for";
import { setKubeconfigPathForTests } from "../kubernetes/kube-config";
import { toApiError } from "../kubernetes/to-api-error";
import { provisionTenant } from "./provision-tenant";
import { getPlanOrThrow } from "./tenants";

// Against the simulated cluster, which speaks the real API with RBAC and impersonation: what `kubectl` sees
// after provisioning, and that the role bindings are a second wall around each tenant's namespace.

let harness: ApiHarness;
let cluster: TestCluster;
const acme = { id: "7d3c1a52-4b7e-4c59-9a51-0d6f1f5a0c11", slug: "acme", namespace: "t-acme" };
const beta = { id: "0b6f3d2e-8c1a-4f7e-9d2b-5a4c3e2f1a00", slug: "beta", namespace: "t-beta" };
const user = { kind: "user" as const, userId: "5f0c8a4e-1111-4222-8333-944455556666", email: "dev@example.com", name: "Dev", platformAdmin: false, sessionId: "s" };

beforeAll(async () => {
  harness = await startApiHarness();
  cluster = await startTestCluster();
  setKubeconfigPathForTests(cluster.kubeconfigPath);
  // The pull secret's robot is a row of its tenant, so the tenants provisioned here exist in the database.
  await harness.database.db.insert(tenants).values([acme, beta].map((t) => ({ ...t, name: t.slug, status: "active" })));
  const plan = await getPlanOrThrow("free");
  await provisionTenant(acme, plan);
  await provisionTenant(beta, plan);
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
  await harness?.stop();
});

describe("a provisioned tenant in the simulated cluster", () => {
  it("shows its namespace, quota, limits, network policy and role bindings to kubectl", async () => {
    const result = await cluster.kubectl(["get", "ns,resourcequota,limitrange,networkpolicy,rolebinding", "-n", "t-acme", "-o", "name"]);
    expect(result.stderr).toBe("");
    // `get ns` ignores -n and lists every namespace; the namespaced kinds are those of t-acme only.
    const names = result.stdout.split("\n").filter((line) => line && !line.startsWith("namespace/"));
    expect(names.sort()).toEqual([
      "limitrange/apiary-defaults",
      "networkpolicy.networking.k8s.io/default-deny-other-namespaces",
      "resourcequota/apiary-quota",
      "rolebinding.rbac.authorization.k8s.io/apiary-admin",
      "rolebinding.rbac.authorization.k8s.io/apiary-developer",
      "rolebinding.rbac.authorization.k8s.io/apiary-owner",
      "rolebinding.rbac.authorization.k8s.io/apiary-viewer",
    ]);
    expect(result.stdout).toContain("namespace/t-acme\n");
    const labels = await cluster.kubectl(["get", "ns", "t-acme", "-o", "jsonpath={.metadata.labels}"]);
    expect(JSON.parse(labels.stdout)).toMatchObject({ "apiary.io/tenant": acme.id, "pod-security.kubernetes.io/enforce": "restricted" });
  });

  it("writes the registry pull secret and lists it on the default ServiceAccount", async () => {
    const type = await cluster.kubectl(["get", "secret", "apiary-registry", "-n", "t-acme", "-o", "jsonpath={.type}"]);
    expect(type.stdout).toBe("kubernetes.io/dockerconfigjson");
    const sa = await cluster.kubectl(["get", "serviceaccount", "default", "-n", "t-acme", "-o", "jsonpath={.imagePullSecrets[*].name}"]);
    expect(sa.stdout).toBe("apiary-registry");
  });

  it("converges when provisioning runs again", async () => {
    await provisionTenant(acme, await getPlanOrThrow("free"));
    const quota = await cluster.kubectl(["get", "resourcequota", "apiary-quota", "-n", "t-acme", "-o", "jsonpath={.spec.hard.pods}"]);
    expect(quota.stdout).toBe("10");
  });

  it("lets a developer of one tenant create deployments there and nowhere else (kubectl auth can-i)", async () => {
    const canI = (namespace: string, role: string) =>
      cluster.kubectl(["auth", "can-i", "create", "deployments", "-n", namespace, "--as", `apiary:user:${user.userId}`, "--as-group", `apiary:tenant:${acme.id}:${role}`]);
    expect((await canI("t-acme", "developer")).stdout.trim()).toBe("yes");
    expect((await canI("t-beta", "developer")).stdout.trim()).toBe("no");
    expect((await canI("t-acme", "viewer")).stdout.trim()).toBe("no");
  });

  it("refuses an impersonated write into another tenant's namespace, whatever the BFF asks", async () => {
    const { apps } = clientsFor({ actor: user, tenant: acme, role: "developer" });
    const deployment = (namespace: string) => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } },
      },
    });
    await apps.createNamespacedDeployment({ namespace: "t-acme", body: deployment("t-acme") });
    const refused = await apps.createNamespacedDeployment({ namespace: "t-beta", body: deployment("t-beta") }).catch((e: unknown) => toApiError(e, "Creating web"));
    expect(refused).toMatchObject({ code: "forbidden", status: 403 });
  });
});
