// The definition of done for the simulator: the real kubectl (1.33, and 1.27 where noted) drives an in-process
// cluster and prints what it prints against a real one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KObject } from "./core/types";
import { startTestCluster, type TestCluster } from "./test-support/start-test-cluster";

let t: TestCluster;

const DEPLOYMENT = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: t-a
  labels: { app: web }
spec:
  replicas: 4
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: nginx
          image: ${image}
          ports: [{ containerPort: 80, name: http }]
          env: [{ name: GREETING, value: hello }]
          resources: { requests: { cpu: 100m, memory: 64Mi } }
`;

function lines(text: string): string[] {
  return text.trim().split("\n");
}

function header(text: string): string[] {
  return lines(text)[0].trim().split(/\s{2,}/);
}

function deployment(ns: string, name: string): KObject | undefined {
  return t.cluster.api.get("deployments", ns, name);
}

function rolledOut(ns: string, name: string): boolean {
  const d = deployment(ns, name);
  if (!d) return false;
  const s = d.status ?? {};
  return (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && s.updatedReplicas === d.spec.replicas && s.availableReplicas === d.spec.replicas && (s.replicas ?? 0) === d.spec.replicas;
}

/** Waits for the deployment to finish rolling out; on timeout the error shows its status and pods. */
async function waitRolledOut(ns: string, name: string, extra: () => boolean = () => true): Promise<void> {
  try {
    await t.waitFor(() => extra() && rolledOut(ns, name), 30_000, `rollout of ${ns}/${name}`);
  } catch (err) {
    const d = deployment(ns, name);
    const pods = t.cluster.api.list("pods", { namespace: ns }).map((p) => `${p.metadata.name} ${p.status?.phase} ${p.metadata.deletionTimestamp ?? ""} ${JSON.stringify(p.status?.containerStatuses?.[0]?.state)}`);
    const rs = t.cluster.api.list("replicasets", { namespace: ns }).map((r) => `${r.metadata.name} spec=${r.spec.replicas} ${JSON.stringify(r.status)}`);
    throw new Error(`${(err as Error).message}\ngeneration=${d?.metadata.generation} spec.replicas=${d?.spec.replicas} status=${JSON.stringify(d?.status)}\n${rs.join("\n")}\n${pods.join("\n")}`);
  }
}

async function ok(args: string[], opts?: { minor?: number }): Promise<string> {
  const r = await t.kubectl(args, opts);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

beforeAll(async () => {
  t = await startTestCluster({ nodes: 3, speed: 20 });
  await t.waitFor(() => t.cluster.api.list("nodes").filter((n) => (n.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True")).length === 3, 20_000, "3 ready nodes");
});

afterAll(async () => {
  await t?.stop();
});

describe("kubectl against the simulated cluster", () => {
  it("lists nodes and namespaces with the real columns", async () => {
    const nodes = await ok(["get", "nodes"]);
    expect(header(nodes)).toEqual(["NAME", "STATUS", "ROLES", "AGE", "VERSION"]);
    expect(lines(nodes)).toHaveLength(4);
    expect(lines(nodes)[1]).toMatch(/^node-\d+\s+Ready\s+<none>\s+\S+\s+v1\.33/);
    const wide = await ok(["get", "nodes", "-o", "wide"]);
    expect(header(wide)).toEqual(["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"]);
    const ns = await ok(["get", "namespaces"]);
    expect(header(ns)).toEqual(["NAME", "STATUS", "AGE"]);
    expect(ns).toMatch(/^default\s+Active/m);
  });

  it("creates namespaces (kubectl 1.33 sends protobuf)", async () => {
    expect(await ok(["create", "namespace", "t-a"])).toBe("namespace/t-a created\n");
    expect(await ok(["create", "namespace", "t-b"])).toBe("namespace/t-b created\n");
    const r = await t.kubectl(["create", "namespace", "t-a"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Error from server (AlreadyExists): namespaces "t-a" already exists');
  });

  it("applies a Deployment, rolls it out and re-applies an image change that keeps ports and env", async () => {
    const file = await t.writeFile("web.yaml", DEPLOYMENT("nginx:1.25"));
    expect(await ok(["apply", "-f", file])).toBe("deployment.apps/web created\n");
    const status = await t.kubectl(["rollout", "status", "deployment/web", "-n", "t-a", "--timeout=60s"], { timeoutMs: 70_000 });
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
    expect(status.code).toBe(0);
    const get = await ok(["get", "deployment", "web", "-n", "t-a"]);
    expect(header(get)).toEqual(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
    expect(lines(get)[1]).toMatch(/^web\s+4\/4\s+4\s+4\s+/);

    await t.writeFile("web.yaml", DEPLOYMENT("nginx:1.26"));
    expect(await ok(["apply", "-f", file])).toBe("deployment.apps/web configured\n");
    const live = JSON.parse(await ok(["get", "deployment", "web", "-n", "t-a", "-o", "json"]));
    const container = live.spec.template.spec.containers[0];
    expect(container.image).toBe("nginx:1.26");
    expect(container.ports).toEqual([{ containerPort: 80, name: "http", protocol: "TCP" }]);
    expect(container.env).toEqual([{ name: "GREETING", value: "hello" }]);
    await waitRolledOut("t-a", "web");
  });

  it("shows deployments, replica sets and pods with -o wide, yaml and json", async () => {
    const wide = await ok(["get", "deploy,rs,pods", "-n", "t-a", "-o", "wide"]);
    expect(wide).toMatch(/NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR/);
    expect(wide).toMatch(/deployment\.apps\/web\s+4\/4\s+4\s+4\s+\S+\s+nginx\s+nginx:1\.26\s+app=web/);
    expect(wide).toMatch(/NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR/);
    expect(wide).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/);
    expect(wide).toMatch(/pod\/web-\w+-\w+\s+1\/1\s+Running\s+0\s+\S+\s+\d+\.\d+\.\d+\.\d+\s+node-\d/);
    const yaml = await ok(["get", "deployment", "web", "-n", "t-a", "-o", "yaml"]);
    expect(yaml).toContain("kind: Deployment");
    expect(yaml).toContain("image: nginx:1.26");
    const pods = JSON.parse(await ok(["get", "pods", "-n", "t-a", "-l", "app=web", "-o", "json"]));
    expect(pods.kind).toBe("List");
    expect(pods.items.filter((p: KObject) => !p.metadata.deletionTimestamp)).toHaveLength(4);
  });

  it("gets every kind the cluster serves", async () => {
    const kinds = ["pods", "services", "endpoints", "events", "configmaps", "secrets", "serviceaccounts", "nodes", "resourcequotas", "limitranges", "persistentvolumeclaims", "persistentvolumes", "deployments", "replicasets", "statefulsets", "controllerrevisions", "networkpolicies", "roles", "rolebindings", "clusterroles", "clusterrolebindings", "leases", "namespaces"];
    const results = [];
    // A few at a time: two cores are shared with the cluster itself.
    for (let i = 0; i < kinds.length; i += 4) results.push(...(await Promise.all(kinds.slice(i, i + 4).map((k) => t.kubectl(["get", k, "-A", "-o", "wide"])))));
    results.forEach((r, i) => {
      expect(r.stderr, kinds[i]).not.toMatch(/error/i);
      expect(r.code, kinds[i]).toBe(0);
    });
    expect(results[kinds.indexOf("leases")].stdout).toMatch(/NAMESPACE\s+NAME\s+HOLDER\s+AGE/);
    expect(results[kinds.indexOf("clusterrolebindings")].stdout).toMatch(/NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS/);
    expect(results[kinds.indexOf("events")].stdout).toMatch(/LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+SUBOBJECT\s+SOURCE\s+MESSAGE\s+FIRST SEEN\s+COUNT\s+NAME/);
    expect(results[kinds.indexOf("serviceaccounts")].stdout).toMatch(/NAMESPACE\s+NAME\s+SECRETS\s+AGE/);
  });

  it("describes a deployment with its replica sets and events", async () => {
    await waitRolledOut("t-a", "web");
    const out = await ok(["describe", "deployment", "web", "-n", "t-a"]);
    expect(out).toMatch(/^Name:\s+web$/m);
    expect(out).toMatch(/^Replicas:\s+4 desired \| 4 updated \| 4 total \| 4 available \| 0 unavailable$/m);
    expect(out).toMatch(/NewReplicaSet:\s+web-\w+ \(4\/4 replicas created\)/);
    expect(out).toContain("ScalingReplicaSet");
  });

  it("scales, sets an image, shows history and undoes to revision 1 reusing the old ReplicaSet", async () => {
    expect(await ok(["scale", "deployment/web", "-n", "t-a", "--replicas=2"])).toBe("deployment.apps/web scaled\n");
    await waitRolledOut("t-a", "web", () => deployment("t-a", "web")?.spec.replicas === 2);
    expect(await ok(["set", "image", "deployment/web", "nginx=nginx:1.27", "-n", "t-a"])).toBe("deployment.apps/web image updated\n");
    const status = await t.kubectl(["rollout", "status", "deployment/web", "-n", "t-a", "--timeout=60s"], { timeoutMs: 70_000 });
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
    const history = await ok(["rollout", "history", "deployment/web", "-n", "t-a"]);
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE/);
    expect(history).toMatch(/^1\s+<none>/m);
    expect(history).toMatch(/^3\s+<none>/m);

    expect(await ok(["rollout", "undo", "deployment/web", "--to-revision=1", "-n", "t-a"])).toBe("deployment.apps/web rolled back\n");
    await waitRolledOut("t-a", "web", () => deployment("t-a", "web")?.spec.template.spec.containers[0].image === "nginx:1.25");
    const rs = t.cluster.api.list("replicasets", { namespace: "t-a", labelSelector: "app=web" });
    expect(rs).toHaveLength(3);
    const images = rs.map((r) => r.spec.template.spec.containers[0].image).sort();
    expect(images).toEqual(["nginx:1.25", "nginx:1.26", "nginx:1.27"]);
    const revisionOne = rs.find((r) => r.spec.template.spec.containers[0].image === "nginx:1.25")!;
    expect(revisionOne.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("4");
  });

  it("pauses, resumes and restarts a rollout", async () => {
    expect(await ok(["rollout", "pause", "deployment/web", "-n", "t-a"])).toBe("deployment.apps/web paused\n");
    const again = await t.kubectl(["rollout", "pause", "deployment/web", "-n", "t-a"]);
    expect(again.stderr).toContain("already paused");
    expect(await ok(["rollout", "resume", "deployment/web", "-n", "t-a"])).toBe("deployment.apps/web resumed\n");
    expect(await ok(["rollout", "restart", "deployment/web", "-n", "t-a"])).toBe("deployment.apps/web restarted\n");
    const d = deployment("t-a", "web")!;
    expect(d.spec.template.metadata.annotations?.["kubectl.kubernetes.io/restartedAt"]).toBeTruthy();
    await waitRolledOut("t-a", "web");
  });

  it("streams get -w as table rows", async () => {
    const watch = t.kubectlStream(["get", "configmaps", "-n", "t-b", "-w"]);
    await watch.waitFor(/NAME\s+DATA\s+AGE|No resources found/);
    await ok(["create", "configmap", "settings", "-n", "t-b", "--from-literal=a=1", "--from-literal=b=2"]);
    await watch.waitFor(/settings\s+2\s+\S+/);
    await watch.stop();
  });

  it("follows pod logs", async () => {
    const pod = t.cluster.api.list("pods", { namespace: "t-a", labelSelector: "app=web" }).find((p) => p.status?.phase === "Running" && !p.metadata.deletionTimestamp)!;
    const once = await ok(["logs", pod.metadata.name!, "-n", "t-a", "--tail=2"]);
    expect(lines(once).length).toBeLessThanOrEqual(2);
    const follow = t.kubectlStream(["logs", "-f", pod.metadata.name!, "-n", "t-a", "--tail=1"]);
    await follow.waitFor(/(.+\n){3}/, 20_000);
    await follow.stop();
  });

  it("shows top pods and top nodes", async () => {
    const nodes = await ok(["top", "nodes"]);
    expect(header(nodes)).toEqual(["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]);
    expect(lines(nodes)).toHaveLength(4);
    const pods = await ok(["top", "pods", "-n", "t-a"]);
    expect(header(pods)).toEqual(["NAME", "CPU(cores)", "MEMORY(bytes)"]);
    expect(pods).toMatch(/web-\w+-\w+\s+\d+m\s+\d+Mi/);
  });

  it("answers auth can-i for impersonated users and groups from RBAC", async () => {
    const binding = await t.writeFile(
      "rb.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: user-1-edit, namespace: t-b }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects:
  - { apiGroup: rbac.authorization.k8s.io, kind: User, name: "apiary:user:1" }
  - { apiGroup: rbac.authorization.k8s.io, kind: Group, name: "apiary:tenant:b" }
`,
    );
    await ok(["apply", "-f", binding]);
    const can = (args: string[]) => t.kubectl(["auth", "can-i", ...args]).then((r) => r.stdout.trim());
    expect(await can(["create", "deployments", "-n", "t-b", "--as", "apiary:user:1"])).toBe("yes");
    expect(await can(["create", "deployments", "-n", "t-a", "--as", "apiary:user:1"])).toBe("no");
    expect(await can(["delete", "pods", "-n", "t-b", "--as", "someone", "--as-group", "apiary:tenant:b"])).toBe("yes");
    expect(await can(["delete", "pods", "-n", "t-b", "--as", "someone", "--as-group", "apiary:tenant:c"])).toBe("no");
    const denied = await t.kubectl(["create", "deployment", "x", "--image=nginx", "-n", "t-a", "--as", "apiary:user:1"]);
    expect(denied.stderr).toContain('deployments.apps is forbidden: User "apiary:user:1" cannot create resource "deployments" in API group "apps" in the namespace "t-a"');
  });

  it("deletes a deployment with cascade and its pods go away", async () => {
    await ok(["create", "deployment", "gone", "--image=nginx:1.25", "--replicas=2", "-n", "t-b"]);
    await t.waitFor(() => t.cluster.api.list("pods", { namespace: "t-b", labelSelector: "app=gone" }).length === 2, 20_000, "2 pods");
    expect(await ok(["delete", "deployment", "gone", "-n", "t-b", "--cascade=background"])).toBe('deployment.apps "gone" deleted\n');
    await t.waitFor(() => t.cluster.api.list("pods", { namespace: "t-b", labelSelector: "app=gone" }).length === 0, 30_000, "pods deleted");
    expect(t.cluster.api.list("replicasets", { namespace: "t-b", labelSelector: "app=gone" })).toHaveLength(0);
    const missing = await t.kubectl(["get", "deployment", "gone", "-n", "t-b"]);
    expect(missing.stderr).toContain('Error from server (NotFound): deployments.apps "gone" not found');
  });

  it("creates pods, services, secrets and RBAC objects from kubectl 1.33's protobuf bodies", async () => {
    expect(await ok(["run", "solo", "--image=nginx:1.25", "--port=80", "--env=MODE=test", "--labels=app=solo", "-n", "t-b"])).toBe("pod/solo created\n");
    const pod = t.cluster.api.get("pods", "t-b", "solo")!;
    expect(pod.spec.containers[0]).toMatchObject({ name: "solo", image: "nginx:1.25", ports: [{ containerPort: 80, protocol: "TCP" }], env: [{ name: "MODE", value: "test" }] });
    expect(await ok(["expose", "pod", "solo", "--port=8080", "--target-port=80", "-n", "t-b"])).toBe("service/solo exposed\n");
    expect(t.cluster.api.get("services", "t-b", "solo")!.spec).toMatchObject({ selector: { app: "solo" }, ports: [{ port: 8080, targetPort: 80, protocol: "TCP" }] });
    expect(await ok(["create", "secret", "generic", "creds", "--from-literal=user=admin", "-n", "t-b"])).toBe("secret/creds created\n");
    expect(Buffer.from(t.cluster.api.get("secrets", "t-b", "creds")!.data.user, "base64").toString()).toBe("admin");
    expect(await ok(["create", "role", "reader", "--verb=get,list", "--resource=pods", "-n", "t-b"])).toBe("role.rbac.authorization.k8s.io/reader created\n");
    expect(t.cluster.api.get("roles", "t-b", "reader")!.rules).toEqual([{ verbs: ["get", "list"], apiGroups: [""], resources: ["pods"] }]);
    const svc = await ok(["get", "svc", "solo", "-n", "t-b", "-o", "wide"]);
    expect(svc).toMatch(/solo\s+ClusterIP\s+\d+\.\d+\.\d+\.\d+\s+<none>\s+8080\/TCP\s+\S+\s+app=solo/);
    const list = await ok(["auth", "can-i", "--list", "-n", "t-b", "--as", "apiary:user:1"]);
    expect(list).toMatch(/deployments\.apps\s+\[\]\s+\[\]\s+\[.*create.*\]/);
  });

  it("watches pods change state with get -w", async () => {
    const watch = t.kubectlStream(["get", "pods", "-n", "t-b", "-l", "app=w", "-w"]);
    // An empty list prints nothing, so wait until the request log shows kubectl's watch arriving.
    await t.waitFor(() => t.cluster.server.requestLog.list().some((e) => e.path === "/api/v1/namespaces/t-b/pods" && e.query.watch === "true"), 15_000, "kubectl's watch request");
    await ok(["create", "deployment", "w", "--image=nginx:1.25", "-n", "t-b"]);
    await watch.waitFor(/w-\w+-\w+\s+0\/1\s+(Pending|ContainerCreating)/);
    await watch.waitFor(/w-\w+-\w+\s+1\/1\s+Running/, 20_000);
    await watch.stop();
  });

  it("drains a node through pod evictions", async () => {
    const node = t.cluster.api.list("pods", { namespace: "t-a", labelSelector: "app=web" }).find((p) => p.spec.nodeName)!.spec.nodeName;
    const drain = await t.kubectl(["drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=60s"], { timeoutMs: 70_000 });
    expect(drain.stdout).toContain(`node/${node} drained`);
    expect(drain.stdout).toMatch(/evicted/);
    expect(t.cluster.api.list("pods").filter((p) => p.spec.nodeName === node && !p.metadata.deletionTimestamp && p.metadata.namespace !== "kube-system")).toEqual([]);
    expect(await ok(["uncordon", node])).toBe(`node/${node} uncordoned\n`);
  });

  it("works with kubectl 1.27 (--validate=false, as it needs OpenAPI v2)", async () => {
    const file = await t.writeFile("old.yaml", DEPLOYMENT("nginx:1.25").replace("name: web", "name: old").replaceAll("app: web", "app: old").replace("replicas: 4", "replicas: 1"));
    expect(await ok(["apply", "--validate=false", "-f", file], { minor: 27 })).toBe("deployment.apps/old created\n");
    const get = await ok(["get", "deploy", "-n", "t-a"], { minor: 27 });
    expect(header(get)).toEqual(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
    expect(await ok(["create", "namespace", "t-old"], { minor: 27 })).toBe("namespace/t-old created\n");
    const can = await t.kubectl(["auth", "can-i", "create", "deployments", "-n", "t-b", "--as", "apiary:user:1"], { minor: 27 });
    expect(can.stdout.trim()).toBe("yes");
  });
});
