import { createClusterApi } from "../core/api";
import { createClock } from "../core/clock";
import { startKubelets } from "../kubelet/kubelet-hub";
import { startDeploymentController } from "../controllers/deployment-controller";
import { startReplicaSetController } from "../controllers/replicaset-controller";
import { startStatefulSetController } from "../controllers/statefulset-controller";
import { startGarbageCollector } from "../controllers/garbage-collector";
import { startScheduler } from "./scheduler";

const clock = createClock(50);
const api = createClusterApi({ clock });
const hub = startKubelets(api, { nodes: 3, nodeCpuMillicores: 4000, nodeMemoryMiB: 8192 });
const cs = [startGarbageCollector(api), startDeploymentController(api), startReplicaSetController(api), startStatefulSetController(api), startScheduler(api)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function show(tag: string) {
  const d = api.get("deployments", "default", "web")!;
  console.log(tag, "gen", d.metadata.generation, "rev", d.metadata.annotations?.["deployment.kubernetes.io/revision"], JSON.stringify(d.status));
  for (const rs of api.list("replicasets", { namespace: "default" })) console.log("  rs", rs.metadata.name, rs.spec.replicas, JSON.stringify(rs.metadata.annotations), JSON.stringify(rs.status));
  const pods = api.list("pods", { namespace: "default" });
  console.log("  pods", pods.map((p) => `${p.metadata.name}:${p.spec.nodeName}:${p.status?.phase}${p.metadata.deletionTimestamp ? ":del" : ""}`).join(" "));
}
api.create("deployments", {
  apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default" },
  spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.25", resources: { requests: { cpu: "100m" } } }] } } },
});
await sleep(2000);
show("created");
api.patch("deployments", "default", "web", "strategic", { spec: { template: { spec: { containers: [{ name: "nginx", image: "nginx:1.26" }] } } } });
await sleep(200);
show("mid-rollout");
await sleep(3000);
show("rolled");
const rss = api.list("replicasets", { namespace: "default" });
const old = rss.find((r) => r.metadata.annotations?.["deployment.kubernetes.io/revision"] === "1")!;
const tpl = structuredClone(old.spec.template);
delete tpl.metadata.labels["pod-template-hash"];
tpl.metadata.creationTimestamp = null;
api.patch("deployments", "default", "web", "json", [{ op: "replace", path: "/spec/template", value: tpl }, { op: "replace", path: "/metadata/annotations", value: { "deployment.kubernetes.io/revision": "2" } }]);
await sleep(3000);
show("undone");
for (const e of api.list("events", { namespace: "default" }).filter((e) => e.involvedObject?.kind === "Deployment")) console.log("  ev", e.reason, e.message, e.count);

api.create("statefulsets", {
  apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "db", namespace: "default" },
  spec: { replicas: 2, serviceName: "db", selector: { matchLabels: { app: "db" } }, template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "pg", image: "postgres:16" }] } },
    volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }] },
});
await sleep(3000);
const sts = api.get("statefulsets", "default", "db")!;
console.log("sts", JSON.stringify(sts.status));
console.log("pvcs", api.list("persistentvolumeclaims", { namespace: "default" }).map((p) => `${p.metadata.name}:${p.status?.phase}`).join(" "));
console.log("crs", api.list("controllerrevisions", { namespace: "default" }).map((p) => `${p.metadata.name}:${p.revision}`).join(" "));
api.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "huge", namespace: "default" }, spec: { containers: [{ name: "x", image: "nginx", resources: { requests: { cpu: "64" } } }] } });
await sleep(300);
console.log("huge", JSON.stringify(api.get("pods", "default", "huge")!.status));
for (const e of api.list("events", { namespace: "default" }).filter((e) => e.reason === "FailedScheduling")) console.log("  ev", e.reason, e.message, e.count);
for (const c of cs) c.stop();
hub.stop();
process.exit(0);
