import { execFile } from "node:child_process";
import { createPrivateKey, randomBytes, X509Certificate } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { tenants } from "@/lib/server/db/schema";
import { EnvSchema, parseEnv } from "@/lib/server/env";
import { apiaryClients, makeClusterClients } from "@/lib/server/kubernetes/cluster-clients";
import { tenantGroup } from "@/lib/server/kubernetes/clients-for";
import { getKubeConfig, setKubeconfigPathForTests } from "@/lib/server/kubernetes/kube-config";
import { createWatchCache } from "@/lib/server/kubernetes/watch-cache";
import { scrapeNode } from "@/lib/server/metrics/scrape-node";
import { deleteTenantNamespace, provisionTenant } from "@/lib/server/tenancy/provision-tenant";
import { getPlanOrThrow } from "@/lib/server/tenancy/tenants";
import { startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { startFakeRegistry, startTestCluster, type FakeRegistry, type TestCluster } from "@/scripts/test-support/test-cluster";

// The Helm chart, rendered as `helm template` renders it (deploy/helm/render: Go text/template + sprig, built with
// Debian's Go, since no helm binary is installable here), applied with the real kubectl to the simulated cluster,
// its pods brought up there, and its ServiceAccount's RBAC proved twice: `kubectl auth can-i` for what Apiary must
// and must not be able to do, and Apiary's own code (watch cache, tenant provisioning, node scrapes,
// impersonation) run with the chart's in-cluster kubeconfig and that ServiceAccount's token.

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const CHART = path.join(root, "deploy/helm/apiary");
const NAMESPACE = "apiary-system";
const SERVICE_ACCOUNT = `system:serviceaccount:${NAMESPACE}:apiary`;

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; [key: string]: any };

let dir: string;
let renderer: string;
let harness: ApiHarness;
let registry: FakeRegistry;
let cluster: TestCluster;
const saToken = randomBytes(24).toString("hex");

async function render(values: Record<string, unknown> | undefined, options: { name?: string; namespace?: string } = {}): Promise<string> {
  const args = ["--name", options.name ?? "apiary", "--namespace", options.namespace ?? NAMESPACE];
  if (values) {
    const file = path.join(dir, `values-${randomBytes(4).toString("hex")}.yaml`);
    await writeFile(file, YAML.stringify(values));
    args.push("-f", file);
  }
  const { stdout } = await run(renderer, [...args, CHART], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

async function renderError(values: Record<string, unknown> | undefined): Promise<string> {
  try {
    await render(values);
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
  throw new Error("the chart rendered, but it should have refused these values");
}

function parse(text: string): Manifest[] {
  return YAML.parseAllDocuments(text)
    .map((doc) => doc.toJSON() as Manifest | null)
    .filter((doc): doc is Manifest => doc !== null);
}

const one = (manifests: Manifest[], kind: string, name?: string) => {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  expect(found, `${kind} ${name ?? ""}`).toHaveLength(1);
  return found[0];
};

async function kubectl(args: string[], stdin?: string): Promise<string> {
  const result = await cluster.kubectl(args, stdin === undefined ? {} : { stdin });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

/** `kubectl auth can-i … --as=<the chart's ServiceAccount>`: "yes" or "no". */
async function canI(args: string[], as = SERVICE_ACCOUNT): Promise<string> {
  const result = await cluster.kubectl(["auth", "can-i", ...args, `--as=${as}`]);
  const answer = result.stdout.trim();
  // kubectl exits 1 for "no"; anything else (a timeout, an error) is not an answer.
  if (answer !== "yes" && answer !== "no") throw new Error(`kubectl auth can-i ${args.join(" ")} answered ${JSON.stringify(result)}`);
  return answer;
}

/** Each question's answer, asked a few at a time (a busy 2-core machine times out 40 kubectl processes at once). */
async function canIAll(questions: string[][]): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < questions.length; i += 4) {
    const batch = questions.slice(i, i + 4);
    answers.push(...(await Promise.all(batch.map(async (args) => `${args.join(" ")}: ${await canI(args)}`))));
  }
  return answers;
}

const minimalValues = () => ({
  image: { repository: `${registry.host}/apiary/console` },
  database: { url: "postgres://apiary:db-password@postgres.data.svc:5432/apiary" },
  redis: { url: "redis://:redis-password@redis.data.svc:6379/0" },
  registry: { url: "http://registry.registry.svc:5000", publicHost: "registry.example.com" },
  publicUrl: "https://apiary.example.com",
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "apiary-helm-"));
  renderer = path.join(dir, "render");
  // Offline, with Debian's golang-go, golang-github-masterminds-sprig-dev and the yaml packages (npm run setup).
  await run("go", ["build", "-o", renderer, "."], {
    cwd: path.join(root, "deploy/helm/render"),
    env: { ...process.env, GO111MODULE: "off", GOPATH: "/usr/share/gocode", GOFLAGS: "", CGO_ENABLED: "0" },
  });
  harness = await startApiHarness();
  registry = await startFakeRegistry({ images: [{ repository: "apiary/console", tag: "0.1.0" }], anonymous: true });
  // The ServiceAccount's token, as the cluster would mount it into the pod (the simulated cluster authenticates
  // static tokens; a real one issues projected tokens for the same user name and groups).
  cluster = await startTestCluster({
    nodes: 2,
    registryUrl: registry.url,
    tokens: [{ token: saToken, user: SERVICE_ACCOUNT, groups: ["system:serviceaccounts", `system:serviceaccounts:${NAMESPACE}`] }],
  });
}, 180_000);

afterAll(async () => {
  setKubeconfigPathForTests(undefined);
  await cluster?.stop();
  await registry?.close();
  await harness?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the renderer (deploy/helm/render)", () => {
  it("renders as `helm template` does: include, tpl, toYaml, nindent, missing values, lookup, objects, install order, -f and --set", async () => {
    const chart = path.join(dir, "demo");
    const files: Record<string, string> = {
      "Chart.yaml": "apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: \"4.5\"\n",
      "values.yaml": "name: world\ngreeting: \"hello {{ .Values.name }}\"\nnested:\n  x: 1\n  y: two\n  gone: soon\nlist: [a, b]\n",
      "templates/_helpers.tpl": '{{- define "demo.labels" -}}\napp: {{ .Chart.Name }}\nversion: {{ .Chart.AppVersion | quote }}\n{{- end -}}\n',
      "templates/a-deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
      "templates/b-config.yaml": [
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: {{ .Release.Name }}-{{ .Chart.Name }}",
        "  namespace: {{ .Release.Namespace }}",
        "  labels:",
        '    {{- include "demo.labels" . | nindent 4 }}',
        "data:",
        "  greeting: {{ tpl .Values.greeting . | quote }}",
        "  nested: |",
        "    {{- toYaml .Values.nested | nindent 4 }}",
        "  list: {{ toJson .Values.list | quote }}",
        "  template: {{ .Template.Name }}",
        '  kube: "{{ .Capabilities.KubeVersion.Major }}.{{ .Capabilities.KubeVersion.Minor }}"',
        '  missing: "{{ .Values.nothing }}"',
        '  looked: {{ lookup "v1" "Secret" "x" "y" | len | quote }}',
        "  service: {{ .Release.Service }}",
        "---",
        "apiVersion: v1",
        "kind: ServiceAccount",
        "metadata:",
        "  name: sa",
        "",
      ].join("\n"),
      "templates/c-empty.yaml": "{{- if .Values.never }}\nkind: Secret\n{{- end }}\n",
      "templates/NOTES.txt": "Installed {{ .Release.Name }}.\n",
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(chart, name)), { recursive: true });
      await writeFile(path.join(chart, name), text);
    }
    const valuesFile = path.join(dir, "demo-values.yaml");
    await writeFile(valuesFile, "name: there\nnested:\n  gone: null\n");
    const { stdout } = await run(renderer, ["--name", "rel", "--namespace", "ns", "-f", valuesFile, "--set", "nested.x=5", chart]);
    expect(stdout).toBe(
      [
        "---",
        "# Source: demo/templates/b-config.yaml",
        "apiVersion: v1",
        "kind: ServiceAccount",
        "metadata:",
        "  name: sa",
        "---",
        "# Source: demo/templates/b-config.yaml",
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: rel-demo",
        "  namespace: ns",
        "  labels:",
        "    app: demo",
        '    version: "4.5"',
        "data:",
        '  greeting: "hello there"',
        "  nested: |",
        "    x: 5",
        '    "y": two', // YAML 1.1 reads a bare y as true; Helm's toYaml (go-yaml v2) quotes it too
        '  list: "[\\"a\\",\\"b\\"]"',
        "  template: demo/templates/b-config.yaml",
        '  kube: "1.33"',
        '  missing: ""',
        '  looked: "0"',
        "  service: Helm",
        "---",
        "# Source: demo/templates/a-deployment.yaml",
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: rel",
        "",
      ].join("\n"),
    );
    const notes = await run(renderer, ["--name", "rel", "--notes", chart]);
    expect(notes.stdout).toBe("Installed rel.\n");
  });
});

describe("the Helm chart deploy/helm/apiary", { timeout: 240_000 }, () => {
  it("refuses to render, naming the value to set, what cannot run", async () => {
    // The defaults name no registry: the image hub cannot work without one.
    expect(await renderError(undefined)).toContain("registry.url is required");
    const registryOnly = { registry: { url: "http://registry:5000" } };
    // Two replicas (the default) need a shared PostgreSQL and Redis.
    expect(await renderError(registryOnly)).toContain("database.url is required with more than one replica");
    expect(await renderError({ ...registryOnly, database: { url: "postgres://db/apiary" } })).toContain("redis.url is required with more than one replica");
    // One replica may run on the embedded database (PGlite in its data folder), and has no disruption budget.
    const single = parse(await render({ ...registryOnly, replicaCount: 1 }));
    expect(one(single, "Deployment").spec.replicas).toBe(1);
    expect(single.filter((m) => m.kind === "PodDisruptionBudget")).toEqual([]);
  });

  it("renders a complete install from the minimal values, with the probes, security and settings Apiary reads", async () => {
    const manifests = parse(await render(minimalValues()));
    // In Helm's install order.
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      "PodDisruptionBudget/apiary",
      "ServiceAccount/apiary",
      "Secret/apiary-registry-token",
      "Secret/apiary",
      "ConfigMap/apiary-kubeconfig",
      "ClusterRole/apiary",
      "ClusterRoleBinding/apiary",
      "Service/apiary",
      "Deployment/apiary",
    ]);
    const deployment = one(manifests, "Deployment");
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(container.image).toBe(`${registry.host}/apiary/console:0.1.0`);
    expect(container.livenessProbe.httpGet).toEqual({ path: "/api/v1/healthz", port: "http" });
    expect(container.readinessProbe.httpGet).toEqual({ path: "/api/v1/readyz", port: "http" });
    expect(container.ports).toEqual([{ name: "http", containerPort: 3000, protocol: "TCP" }]);
    expect(container.resources.requests).toEqual({ cpu: "500m", memory: "768Mi" });
    expect(pod.serviceAccountName).toBe("apiary");
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] } });
    // The only writable paths are emptyDirs: /tmp, Next's cache and the data folder.
    const emptyDirs = new Set(pod.volumes.filter((v: any) => v.emptyDir).map((v: any) => v.name));
    const writable = container.volumeMounts.filter((m: any) => emptyDirs.has(m.name)).map((m: any) => m.mountPath);
    expect(writable.sort()).toEqual(["/app/.next/cache", "/tmp", "/var/lib/apiary"]);

    // Every variable the chart sets is one Apiary reads (lib/server/env.ts), or HOSTNAME, which Next's standalone
    // server listens on.
    const known = new Set([...Object.keys(EnvSchema.shape), "HOSTNAME"]);
    const names = container.env.map((e: any) => e.name);
    expect(names.filter((n: string) => !known.has(n))).toEqual([]);
    // The secrets come from the Secret, never literal in the Deployment.
    const secret = one(manifests, "Secret", "apiary");
    const decoded = Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]));
    expect(decoded.DATABASE_URL).toBe(minimalValues().database.url);
    expect(decoded.REDIS_URL).toBe(minimalValues().redis.url);
    expect(decoded.APIARY_SECRET_KEY.length).toBeGreaterThanOrEqual(32);
    expect(decoded.APIARY_REGISTRY_EVENTS_SECRET.length).toBeGreaterThanOrEqual(16);
    expect(YAML.stringify(deployment)).not.toContain("db-password");
    for (const name of ["DATABASE_URL", "REDIS_URL", "APIARY_SECRET_KEY", "APIARY_REGISTRY_EVENTS_SECRET"]) {
      expect(container.env.find((e: any) => e.name === name).valueFrom.secretKeyRef).toMatchObject({ name: "apiary", key: name });
    }
    // The pod's whole environment (literal values and the Secret's keys) is a configuration Apiary accepts.
    const podEnv: Record<string, string> = {};
    for (const e of container.env) podEnv[e.name] = e.value ?? decoded[e.valueFrom.secretKeyRef.key];
    const env = parseEnv(podEnv, "/app");
    expect(env).toMatchObject({
      NODE_ENV: "production",
      HOST: "0.0.0.0",
      PORT: 3000,
      dataDir: "/var/lib/apiary",
      kubeconfigPath: "/etc/apiary/kubeconfig",
      registryUrl: "http://registry.registry.svc:5000",
      APIARY_REGISTRY_PUBLIC_HOST: "registry.example.com",
      APIARY_PUBLIC_URL: "https://apiary.example.com",
      embeddedDatabase: false,
    });
    // The registry token signing key sits where Apiary looks for it (tokenSigningKeyFiles), so no replica makes
    // its own: an EC P-256 key and a certificate of that key.
    const tokenSecret = one(manifests, "Secret", "apiary-registry-token");
    const key = createPrivateKey(Buffer.from(tokenSecret.data["signing-key.pem"], "base64"));
    const cert = new X509Certificate(Buffer.from(tokenSecret.data["signing-cert.pem"], "base64"));
    expect(key.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(cert.checkPrivateKey(key)).toBe(true);
    const tokenMount = container.volumeMounts.find((m: any) => m.name === "registry-token");
    expect(tokenMount.mountPath).toBe(path.join(env.dataDir, "registry", "token"));
  });

  it("applies to the cluster with kubectl, and the Deployment's pods come up under its ServiceAccount", async () => {
    await kubectl(["create", "namespace", NAMESPACE]);
    const applied = await kubectl(["apply", "-n", NAMESPACE, "-f", "-"], await render(minimalValues()));
    expect(applied).toContain("deployment.apps/apiary created");
    expect(applied).toContain("poddisruptionbudget.policy/apiary created");
    expect(applied).toContain("clusterrolebinding.rbac.authorization.k8s.io/apiary created");
    await cluster.waitFor(async () => (await kubectl(["get", "deployment", "apiary", "-n", NAMESPACE, "-o", "jsonpath={.status.readyReplicas}"])) === "2", 90_000, "2 ready Apiary pods");
    const pods = JSON.parse(await kubectl(["get", "pods", "-n", NAMESPACE, "-l", "app.kubernetes.io/name=apiary", "-o", "json"])) as { items: any[] };
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.status.phase).toBe("Running");
      expect(pod.spec.serviceAccountName).toBe("apiary");
      expect(pod.status.conditions.find((c: any) => c.type === "Ready").status).toBe("True");
    }
    // Spread over the two nodes.
    expect(new Set(pods.items.map((p) => p.spec.nodeName)).size).toBe(2);
    expect(await kubectl(["get", "pdb", "apiary", "-n", NAMESPACE, "-o", "jsonpath={.spec.maxUnavailable}"])).toBe("1");
    // Applying a new render again leaves the Deployment alone (no rollout). Only the generated secrets differ, as a
    // render cannot read the live ones; `helm upgrade` keeps them (lookup), and `existingSecret` pins them.
    const again = await kubectl(["apply", "-n", NAMESPACE, "-f", "-"], await render(minimalValues()));
    expect(again).toContain("deployment.apps/apiary unchanged");
    expect(again).toContain("configmap/apiary-kubeconfig unchanged");
  });

  it("gives the ServiceAccount what Apiary does with its own identity (kubectl auth can-i: yes)", async () => {
    const yes = [
      // The watch cache: cluster-wide list and watch of seven kinds.
      ...["pods", "events", "services", "namespaces", "deployments.apps", "statefulsets.apps", "replicasets.apps"].flatMap((r) => [
        ["list", r, "--all-namespaces"],
        ["watch", r, "--all-namespaces"],
      ]),
      // The canary controller and the billing meter's suspension patch workloads in tenant namespaces.
      ["patch", "deployments.apps", "-n", "t-any"],
      ["patch", "statefulsets.apps", "-n", "t-any"],
      // The metrics collector and the operators' node view.
      ["list", "nodes"],
      ["get", "nodes"],
      ["get", "nodes", "--subresource=proxy"],
      // Acting as the caller.
      ["impersonate", "users"],
      ["impersonate", "groups"],
      // Tenant provisioning and deletion.
      ["create", "namespaces"],
      ["get", "namespaces/t-any"],
      ["update", "namespaces/t-any"],
      ["delete", "namespaces/t-any"],
      ["create", "resourcequotas", "-n", "t-any"],
      ["update", "resourcequotas/apiary-quota", "-n", "t-any"],
      ["get", "limitranges/apiary-defaults", "-n", "t-any"],
      ["update", "networkpolicies.networking.k8s.io/default-deny-other-namespaces", "-n", "t-any"],
      ["create", "secrets", "-n", "t-any"],
      ["get", "secrets/apiary-registry", "-n", "t-any"],
      ["update", "secrets/apiary-registry", "-n", "t-any"],
      ["update", "serviceaccounts/default", "-n", "t-any"],
      ["create", "rolebindings.rbac.authorization.k8s.io", "-n", "t-any"],
      ["delete", "rolebindings.rbac.authorization.k8s.io/apiary-developer", "-n", "t-any"],
      ["bind", "clusterroles.rbac.authorization.k8s.io/admin"],
      ["bind", "clusterroles.rbac.authorization.k8s.io/edit"],
      ["bind", "clusterroles.rbac.authorization.k8s.io/view"],
    ];
    const answers = await canIAll(yes);
    expect(answers).toEqual(yes.map((args) => `${args.join(" ")}: yes`));
  });

  it("gives it nothing more (kubectl auth can-i: no)", async () => {
    const no = [
      ["delete", "nodes"],
      ["patch", "nodes"],
      ["get", "secrets", "-n", "t-any"],
      ["list", "secrets", "--all-namespaces"],
      ["get", "secrets/apiary", "-n", NAMESPACE],
      ["get", "configmaps", "-n", "kube-system"],
      ["delete", "pods", "-n", "t-any"],
      ["create", "pods", "-n", "t-any"],
      ["create", "pods", "-n", "t-any", "--subresource=exec"],
      ["create", "deployments.apps", "-n", "t-any"],
      ["update", "deployments.apps", "-n", "t-any"],
      ["delete", "deployments.apps", "-n", "t-any"],
      ["update", "resourcequotas/other-quota", "-n", "t-any"],
      ["delete", "resourcequotas/apiary-quota", "-n", "t-any"],
      ["update", "rolebindings.rbac.authorization.k8s.io/someone-elses", "-n", "t-any"],
      ["create", "clusterroles.rbac.authorization.k8s.io"],
      ["create", "clusterrolebindings.rbac.authorization.k8s.io"],
      ["escalate", "clusterroles.rbac.authorization.k8s.io"],
      ["bind", "clusterroles.rbac.authorization.k8s.io/cluster-admin"],
      ["impersonate", "serviceaccounts", "-n", "kube-system"],
      ["create", "leases.coordination.k8s.io", "-n", NAMESPACE],
      ["*", "*"],
    ];
    const answers = await canIAll(no);
    expect(answers).toEqual(no.map((args) => `${args.join(" ")}: no`));
  });

  it("is enough for Apiary's own code, run with the chart's in-cluster kubeconfig and the ServiceAccount's token", async () => {
    const manifests = parse(await render(minimalValues()));
    const kubeconfig = YAML.parse(one(manifests, "ConfigMap", "apiary-kubeconfig").data.kubeconfig);
    const tokenFile = kubeconfig.users[0].user["auth-provider"].config.tokenFile;
    expect(tokenFile).toBe("/var/run/secrets/kubernetes.io/serviceaccount/token");
    expect(kubeconfig.clusters[0].cluster).toEqual({ server: "https://kubernetes.default.svc", "certificate-authority": "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt" });
    // The same file with the pod's paths pointed at this test's: the API server's address (its certificate is
    // self-signed, so not verified here) and a token file holding the ServiceAccount's token.
    const tokenPath = path.join(dir, "token");
    await writeFile(tokenPath, saToken);
    kubeconfig.clusters[0].cluster = { server: cluster.cluster.httpsUrl, "insecure-skip-tls-verify": true };
    kubeconfig.users[0].user["auth-provider"].config.tokenFile = tokenPath;
    const kubeconfigPath = path.join(dir, "in-cluster-kubeconfig");
    await writeFile(kubeconfigPath, YAML.stringify(kubeconfig));
    setKubeconfigPathForTests(kubeconfigPath);

    // The watch cache lists and watches every kind.
    const cache = createWatchCache(getKubeConfig());
    try {
      await cache.ready();
      expect(cache.list("pods", NAMESPACE).length).toBe(2);
    } finally {
      await cache.stop();
    }
    // Provisioning a tenant: namespace, quota, limits, network policy, role bindings, pull secret, ServiceAccount.
    const tenant = { id: "3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", slug: "helm", namespace: "t-helm" };
    await harness.database.db.insert(tenants).values({ ...tenant, name: tenant.slug, status: "active" });
    await provisionTenant(tenant, await getPlanOrThrow("free"));
    await provisionTenant(tenant, await getPlanOrThrow("free")); // converging again: the get and update paths
    const objects = await kubectl(["get", "resourcequota,limitrange,networkpolicy,rolebinding,secret", "-n", tenant.namespace, "-o", "name"]);
    expect(objects.split("\n").filter(Boolean).sort()).toEqual([
      "limitrange/apiary-defaults",
      "networkpolicy.networking.k8s.io/default-deny-other-namespaces",
      "resourcequota/apiary-quota",
      "rolebinding.rbac.authorization.k8s.io/apiary-admin",
      "rolebinding.rbac.authorization.k8s.io/apiary-developer",
      "rolebinding.rbac.authorization.k8s.io/apiary-owner",
      "rolebinding.rbac.authorization.k8s.io/apiary-viewer",
      "secret/apiary-registry",
    ]);
    // Acting for a developer of that tenant: allowed there through the bindings Apiary made, nowhere else.
    const developer = makeClusterClients({ "Impersonate-User": "apiary:user:helm-dev", "Impersonate-Group": tenantGroup(tenant.id, "developer") });
    await expect(developer.apps.listNamespacedDeployment({ namespace: tenant.namespace })).resolves.toBeDefined();
    await expect(developer.apps.listNamespacedDeployment({ namespace: NAMESPACE })).rejects.toMatchObject({ code: 403 });
    // The metrics collector: list the nodes, read one's cAdvisor through the node proxy.
    const nodes = (await apiaryClients().core.listNode()).items.map((n) => n.metadata!.name!);
    expect(nodes).toHaveLength(2);
    const reading = await scrapeNode(getKubeConfig(), nodes[0], 10_000);
    expect(reading.containers.size).toBeGreaterThan(0);
    // What it must not reach: another namespace's secrets.
    await expect(apiaryClients().core.readNamespacedSecret({ name: "apiary", namespace: NAMESPACE })).rejects.toMatchObject({ code: 403 });
    // Deleting the tenant.
    await deleteTenantNamespace(tenant);
    await cluster.waitFor(async () => (await cluster.kubectl(["get", "namespace", tenant.namespace])).code !== 0, 60_000, "the tenant namespace to go");
    setKubeconfigPathForTests(cluster.kubeconfigPath);
  });

  it("renders the overrides: another release and namespace, three replicas, an Ingress, an existing Secret and ServiceAccount name", async () => {
    const values = {
      ...minimalValues(),
      replicaCount: 3,
      existingSecret: "console-settings",
      database: { url: "" },
      redis: { url: "" },
      serviceAccount: { name: "console-sa" },
      ingress: { enabled: true, className: "nginx", host: "console.example.com", tlsSecretName: "console-tls" },
      resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "2Gi" } },
      env: { APIARY_METRICS_INTERVAL_SECONDS: 30 },
    };
    const text = await render(values, { name: "console", namespace: "apiary-two" });
    const manifests = parse(text);
    // No chart Secret: the operator's holds the settings.
    expect(manifests.filter((m) => m.kind === "Secret").map((m) => m.metadata.name)).toEqual(["console-apiary-registry-token"]);
    const deployment = one(manifests, "Deployment", "console-apiary");
    expect(deployment.spec.replicas).toBe(3);
    const [container] = deployment.spec.template.spec.containers;
    expect(container.env.find((e: any) => e.name === "DATABASE_URL").valueFrom.secretKeyRef).toEqual({ name: "console-settings", key: "DATABASE_URL", optional: true });
    expect(container.env.find((e: any) => e.name === "APIARY_METRICS_INTERVAL_SECONDS").value).toBe("30");
    expect(container.resources).toEqual(values.resources);
    expect(one(manifests, "ClusterRoleBinding", "console-apiary").subjects).toEqual([{ kind: "ServiceAccount", name: "console-sa", namespace: "apiary-two" }]);
    const ingress = one(manifests, "Ingress", "console-apiary");
    expect(ingress.spec).toEqual({
      ingressClassName: "nginx",
      tls: [{ hosts: ["console.example.com"], secretName: "console-tls" }],
      rules: [{ host: "console.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "console-apiary", port: { name: "http" } } } }] } }],
    });

    // Applied beside the first release, with the operator's Secret made first; three pods come up.
    await kubectl(["create", "namespace", "apiary-two"]);
    await kubectl(["create", "secret", "generic", "console-settings", "-n", "apiary-two", "--from-literal=APIARY_SECRET_KEY=0123456789abcdef0123456789abcdef", "--from-literal=APIARY_REGISTRY_EVENTS_SECRET=events-secret-0123456789"]);
    const applied = await kubectl(["apply", "-n", "apiary-two", "-f", "-"], text);
    expect(applied).toContain("ingress.networking.k8s.io/console-apiary created");
    await cluster.waitFor(async () => (await kubectl(["get", "deployment", "console-apiary", "-n", "apiary-two", "-o", "jsonpath={.status.readyReplicas}"])) === "3", 90_000, "3 ready pods");
    expect(await canI(["list", "pods", "--all-namespaces"], "system:serviceaccount:apiary-two:console-sa")).toBe("yes");
    expect(await canI(["list", "pods", "--all-namespaces"], "system:serviceaccount:apiary-two:default")).toBe("no");
  });

  it("prints NOTES.txt with the commands an operator runs next", async () => {
    const { stdout } = await run(renderer, ["--name", "apiary", "--namespace", NAMESPACE, "--notes", "--set", "registry.url=http://registry:5000", "--set", "replicaCount=1", CHART]);
    expect(stdout).toContain(`kubectl -n ${NAMESPACE} rollout status deployment/apiary`);
    expect(stdout).toContain("get secret apiary-registry-token");
    expect(stdout).not.toContain("<no value>");
  });
});
