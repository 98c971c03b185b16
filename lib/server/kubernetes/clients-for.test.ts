import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeKubernetes, type FakeKubernetes } from "@/scripts/test-support/fake-kubernetes";
import { clientsFor } from "./clients-for";
import { setKubeconfigPathForTests } from "./kube-config";
import { toApiError } from "./to-api-error";

let cluster: FakeKubernetes;
beforeAll(async () => {
  cluster = await startFakeKubernetes();
  setKubeconfigPathForTests(cluster.kubeconfigPath);
});
afterAll(async () => {
  setKubeconfigPathForTests(undefined);
  await cluster?.stop();
});

const tenant = { id: "7d3c1a52-4b7e-4c59-9a51-0d6f1f5a0c11" };

describe("clientsFor", () => {
  it("impersonates the user in the group of their tenant role on every request", async () => {
    const { apps } = clientsFor({ actor: { kind: "user", userId: "u-1", email: "a@example.com", name: "A", platformAdmin: false, sessionId: "s" }, tenant, role: "developer" });
    await apps.createNamespacedDeployment({ namespace: "t-acme", body: { metadata: { name: "web" } } });
    const [request] = cluster.requests.slice(-1);
    expect(request).toMatchObject({ method: "POST", path: "/apis/apps/v1/namespaces/t-acme/deployments" });
    expect(request.headers["impersonate-user"]).toBe("apiary:user:u-1");
    expect(request.headers["impersonate-group"]).toBe(`apiary:tenant:${tenant.id}:developer`);
    expect(request.headers.authorization).toBe("Bearer apiary-test-token");
  });

  it("impersonates an API key as apiary:apikey:<id> with the key's role", async () => {
    const { core } = clientsFor({ actor: { kind: "api_key", apiKeyId: "k-9", name: "CI", tenantId: tenant.id, role: "viewer" }, tenant, role: "viewer" });
    await core.readNamespace({ name: "t-missing" }).catch(() => undefined);
    const [request] = cluster.requests.slice(-1);
    expect(request.headers["impersonate-user"]).toBe("apiary:apikey:k-9");
    expect(request.headers["impersonate-group"]).toBe(`apiary:tenant:${tenant.id}:viewer`);
  });

  it("maps Kubernetes refusals to API errors in words", async () => {
    const { core } = clientsFor({ actor: { kind: "api_key", apiKeyId: "k-9", name: "CI", tenantId: tenant.id, role: "viewer" }, tenant, role: "viewer" });
    const missing = await core.readNamespace({ name: "t-missing" }).catch((e: unknown) => toApiError(e, "Reading namespace t-missing"));
    expect(missing).toMatchObject({ code: "not_found", status: 404, message: "Reading namespace t-missing: /api/v1/namespaces/t-missing not found" });
    cluster.failWhen = () => 403;
    const forbidden = await core.readNamespace({ name: "t-other" }).catch((e: unknown) => toApiError(e, "Reading namespace t-other"));
    cluster.failWhen = undefined;
    expect(forbidden).toMatchObject({ code: "forbidden", status: 403 });
  });
});
