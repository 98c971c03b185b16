import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as createKey } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import { call } from "@/scripts/test-support/api-test-harness";
import { startClusterApiHarness, type ClusterApiHarness } from "@/scripts/test-support/cluster-api-harness";
import type { FakeRegistry, TestCluster } from "@/scripts/test-support/test-cluster";
import { DELETE as remove, PATCH as update } from "./[name]/route";
import { POST as create } from "./route";

// The write side of workloads against the simulated cluster, which enforces RBAC on the impersonated caller, the
// tenant's quota and limit range, and the `restricted` Pod Security profile. Each answer is checked against what
// kubectl then sees, so the test holds whatever the answer's read side shows.

let env: ClusterApiHarness;
let cluster: TestCluster;
let registry: FakeRegistry;
let owner: string;
let outsider: string;
let viewerKey: string;
const params = { tenant: "acme" };
const ns = "t-acme";
let image: (tag: string) => string;

beforeAll(async () => {
  env = await startClusterApiHarness({ images: [{ repository: "acme/web", tag: "v1" }, { repository: "acme/web", tag: "v2" }] });
  ({ registry, cluster } = env);
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  outsider = (await call(signup, "POST", "/api/v1/signup", { body: { email: "out@example.com", password: "correct horse battery", name: "X", tenantName: "Globex" } })).sessionToken!;
  viewerKey = (await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: owner, params, body: { name: "v", role: "viewer" } })).body.key;
  image = (tag) => `${registry.host}/acme/web:${tag}`;
}, 180_000);
afterAll(async () => {
  await env?.stop();
});

async function kubectlJson(args: string[]): Promise<any> {
  const result = await cluster.kubectl([...args, "-n", ns, "-o", "json"]);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

async function exists(kind: string, name: string): Promise<boolean> {
  const result = await cluster.kubectl(["get", kind, name, "-n", ns, "-o", "name"]);
  if (result.code !== 0 && !/NotFound/.test(result.stderr)) throw new Error(result.stderr);
  return result.code === 0;
}

async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, attempts = 300): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`never happened: ${what}`);
}

const post = (body: unknown, query = "", session = owner) => call(create, "POST", `/api/v1/tenants/acme/deployments${query}`, { session, params, body });

describe("deploying", () => {
  it("creates a Deployment and its Service from the form, which the tenant's namespace admits and runs", async () => {
    const spec = { name: "web", image: image("v1"), replicas: 2, containerPort: 8080, service: { type: "ClusterIP", port: 80 }, env: [{ name: "MODE", value: "prod" }] };
    const created = await post({ spec });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: "web", kind: "Deployment", image: image("v1"), size: "xs" });
    const deployment = await kubectlJson(["get", "deployment", "web"]);
    expect(deployment.metadata.labels).toMatchObject({ "app.kubernetes.io/name": "web", "app.kubernetes.io/managed-by": "apiary" });
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: "apiary-registry" }]);
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "250m", memory: "512Mi" } });
    const service = await kubectlJson(["get", "service", "web"]);
    expect(service.spec).toMatchObject({ type: "ClusterIP", selector: { "app.kubernetes.io/name": "web" }, ports: [{ port: 80, targetPort: 8080 }] });
    // Admitted under the restricted profile and within quota, and actually running.
    await eventually(async () => (await kubectlJson(["get", "deployment", "web"])).status?.availableReplicas === 2, "web has 2 available replicas");
  });

  it("refuses a second workload of the same name, in words", async () => {
    const again = await post({ spec: { name: "web", kind: "StatefulSet", image: image("v1") } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/Deployment named web already exists/);
  });

  it("validates a dry run against the cluster and returns its YAML without creating anything", async () => {
    const dry = await post({ spec: { name: "preview", image: image("v1"), containerPort: 80, service: { type: "NodePort", port: 80 } } }, "?dryRun=true");
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.yaml).toMatch(/kind: Deployment[\s\S]*name: preview[\s\S]*---\n[\s\S]*kind: Service/);
    expect(dry.body.yaml).not.toMatch(/managedFields|^status:/m);
    expect(Array.isArray(dry.body.warnings)).toBe(true);
    expect(await exists("deployment", "preview")).toBe(false);
    expect(await exists("service", "preview")).toBe(false);
    // The API server's own validation answers a dry run: a container name it refuses comes back as a 422.
    const badContainer = ["apiVersion: apps/v1", "kind: Deployment", "metadata: {name: bad}", "spec:", "  selector: {matchLabels: {app: bad}}", "  template:", "    metadata: {labels: {app: bad}}", "    spec: {containers: [{name: Not_A_Label, image: nginx}]}"].join("\n");
    const refused = await post({ yaml: badContainer }, "?dryRun=true");
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.error.message).toMatch(/Not_A_Label/);
    expect(await exists("deployment", "bad")).toBe(false);
  });

  it("creates from YAML in the tenant's namespace, adding the pull secret, and refuses another namespace or kind", async () => {
    const yaml = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata: {name: api}",
      "spec:",
      "  replicas: 1",
      "  selector: {matchLabels: {app.kubernetes.io/name: api}}",
      "  template:",
      "    metadata: {labels: {app.kubernetes.io/name: api}}",
      "    spec:",
      "      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}",
      "      containers:",
      `      - {name: app, image: "${image("v1")}", resources: {requests: {cpu: 250m, memory: 256Mi}}, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}`,
      "---",
      "apiVersion: v1",
      "kind: Service",
      "metadata: {name: api}",
      "spec: {selector: {app.kubernetes.io/name: api}, ports: [{port: 80}]}",
    ].join("\n");
    const created = await post({ yaml });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const deployment = await kubectlJson(["get", "deployment", "api"]);
    expect(deployment.metadata.namespace).toBe(ns);
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: "apiary-registry" }]);
    expect(await exists("service", "api")).toBe(true);

    const elsewhere = await post({ yaml: yaml.replace("metadata: {name: api}", "metadata: {name: api2, namespace: t-globex}") });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error.message).toMatch(/metadata\.namespace: must be t-acme/);
    expect(await exists("deployment", "api2")).toBe(false);
    const configMap = await post({ yaml: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: b}\n" });
    expect(configMap.status).toBe(422);
    expect(configMap.body.error.message).toMatch(/kind: v1 ConfigMap is not deployed from here/);
  });

  it("refuses YAML fields the Kubernetes schema does not have, naming them, and creates nothing", async () => {
    const yaml = ["apiVersion: apps/v1", "kind: Deployment", "metadata: {name: typo}", "spec:", "  replicas: 1", "  selector: {matchLabels: {app: typo}}", "  template:", "    metadata: {labels: {app: typo}}", `    spec: {containers: [{name: app, image: "${image("v1")}", imagePullPolcy: Always}]}`].join("\n");
    for (const query of ["", "?dryRun=true"]) {
      const refused = await post({ yaml }, query);
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect(refused.body.error.message).toMatch(/unknown field Deployment\.spec\.template\.spec\.containers\[0\]\.imagePullPolcy/);
    }
    expect(await exists("deployment", "typo")).toBe(false);
  });

  it("creates a StatefulSet with a headless Service to name its pods, and deletes both", async () => {
    const created = await post({ spec: { name: "db", kind: "StatefulSet", image: image("v1"), replicas: 1 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: "db", kind: "StatefulSet" });
    expect((await kubectlJson(["get", "statefulset", "db"])).spec.serviceName).toBe("db");
    expect((await kubectlJson(["get", "service", "db"])).spec.clusterIP).toBe("None");
    await eventually(async () => (await kubectlJson(["get", "statefulset", "db"])).status?.readyReplicas === 1, "db-0 is ready");
    const del = await call(remove, "DELETE", "/api/v1/tenants/acme/deployments/db?confirm=db", { session: owner, params: { ...params, name: "db" } });
    expect(del.status).toBe(200);
    expect(await exists("statefulset", "db")).toBe(false);
    expect(await exists("service", "db")).toBe(false);
  });

  it("creates a StatefulSet with a volume per replica", async () => {
    const created = await post({ spec: { name: "vol", kind: "StatefulSet", image: image("v1"), replicas: 1, volume: { sizeGiB: 1, mountPath: "/data" } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const set = await kubectlJson(["get", "statefulset", "vol"]);
    expect(set.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe("1Gi");
    const claim = set.spec.volumeClaimTemplates[0].metadata.name;
    // The controller makes one claim per replica, named <template>-<set>-<ordinal>.
    await eventually(async () => (await exists("pvc", `${claim}-vol-0`)) && (await kubectlJson(["get", "statefulset", "vol"])).status?.readyReplicas === 1, "vol-0 is ready with its claim");
  });

  it("never sends an invalid spec to the cluster", async () => {
    const invalid = await post({ spec: { name: "Bad_Name", image: image("v1") } });
    expect(invalid.status).toBe(422);
    expect(await exists("deployment", "Bad_Name")).toBe(false);
  });
});

describe("scaling, editing and deleting", () => {
  const patch = (body: unknown, name = "web", session = owner) => call(update, "PATCH", `/api/v1/tenants/acme/deployments/${name}`, { session, params: { ...params, name }, body });

  it("scales", async () => {
    const scaled = await patch({ replicas: 1 });
    expect(scaled.status, JSON.stringify(scaled.body)).toBe(200);
    expect((await kubectlJson(["get", "deployment", "web"])).spec.replicas).toBe(1);
  });

  it("edits from the form, keeping what kubectl set that the form does not manage", async () => {
    expect((await cluster.kubectl(["annotate", "deployment", "web", "-n", ns, "team=payments"])).code).toBe(0);
    const spec = { name: "web", image: image("v1"), replicas: 1, containerPort: 8080, service: { type: "NodePort", port: 8081 }, env: [{ name: "MODE", value: "staging" }], minReadySeconds: 2 };
    const edited = await patch({ spec });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const deployment = await kubectlJson(["get", "deployment", "web"]);
    expect(deployment.metadata.annotations.team).toBe("payments");
    expect(deployment.spec.minReadySeconds).toBe(2);
    expect(deployment.spec.template.spec.containers[0].env).toEqual([{ name: "MODE", value: "staging" }]);
    const service = await kubectlJson(["get", "service", "web"]);
    expect(service.spec).toMatchObject({ type: "NodePort", ports: [{ port: 8081, targetPort: 8080 }] });
    const renamed = await patch({ spec: { ...spec, name: "other" } });
    expect(renamed.status).toBe(422);
    expect((await patch({ replicas: 1 }, "nope")).status).toBe(404);
  });

  it("edits from YAML, refusing an unknown field and a rename", async () => {
    const live = await kubectlJson(["get", "deployment", "api"]);
    live.spec.template.spec.containers[0].image = image("v2");
    const edited = await patch({ yaml: JSON.stringify({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "api" }, spec: live.spec }) }, "api");
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await kubectlJson(["get", "deployment", "api"])).spec.template.spec.containers[0].image).toBe(image("v2"));
    const unknown = await patch({ yaml: JSON.stringify({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "api" }, spec: { ...live.spec, replicaz: 3 } }) }, "api");
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toMatch(/spec\.replicaz/);
    const renamed = await patch({ yaml: JSON.stringify({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "api-2" }, spec: live.spec }) }, "api");
    expect(renamed.status).toBe(422);
  });

  it("deletes only when the name is typed to confirm, with its Service", async () => {
    const del = (confirm: string) => call(remove, "DELETE", `/api/v1/tenants/acme/deployments/web?confirm=${confirm}`, { session: owner, params: { ...params, name: "web" } });
    const unconfirmed = await del("wbe");
    expect(unconfirmed.status).toBe(422);
    expect(await exists("deployment", "web")).toBe(true);
    expect((await del("web")).status).toBe(200);
    expect(await exists("deployment", "web")).toBe(false);
    expect(await exists("service", "web")).toBe(false);
  });
});

describe("who may write", () => {
  it("refuses a viewer (403) and hides the tenant from an outsider (404), leaving the cluster untouched", async () => {
    const asViewer = await call(create, "POST", "/api/v1/tenants/acme/deployments", { apiKey: viewerKey, params, body: { spec: { name: "sneaky", image: image("v1") } } });
    expect(asViewer.status).toBe(403);
    expect((await post({ spec: { name: "sneaky", image: image("v1") } }, "", outsider)).status).toBe(404);
    const scale = await call(update, "PATCH", "/api/v1/tenants/acme/deployments/api", { apiKey: viewerKey, params: { ...params, name: "api" }, body: { replicas: 3 } });
    expect(scale.status).toBe(403);
    expect(await exists("deployment", "sneaky")).toBe(false);
    expect((await kubectlJson(["get", "deployment", "api"])).spec.replicas).toBe(1);
  });
});
