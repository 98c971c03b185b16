import { createClusterApi } from "../core/api";
import { createClock } from "../core/clock";
import { startReplicaSetController } from "../controllers/replicaset-controller";
import { startScheduler } from "./scheduler";

const N = Number(process.argv[2] ?? 1000), P = Number(process.argv[3] ?? 30000);
const clock = createClock(1);
const api = createClusterApi({ clock });
for (let i = 0; i < N; i++) api.create("nodes", { apiVersion: "v1", kind: "Node", metadata: { name: `node-${i}` }, spec: {}, status: { allocatable: { cpu: "32", memory: "128Gi", pods: "110" }, capacity: { cpu: "32", memory: "128Gi", pods: "110" }, conditions: [{ type: "Ready", status: "True" }] } });
const t0 = Date.now();
const rsc = startReplicaSetController(api);
const s = startScheduler(api);
api.create("replicasets", { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "big", namespace: "default" }, spec: { replicas: P, selector: { matchLabels: { app: "big" } }, template: { metadata: { labels: { app: "big" } }, spec: { containers: [{ name: "x", image: "nginx", resources: { requests: { cpu: "10m", memory: "10Mi" } } }] } } } });
for (;;) {
  await new Promise((r) => setTimeout(r, 500));
  const pods = api.list("pods", { namespace: "default" });
  const bound = pods.filter((p) => p.spec.nodeName).length;
  console.log(`${(Date.now() - t0) / 1000}s pods=${pods.length} bound=${bound}`);
  if (bound >= P) break;
  if (Date.now() - t0 > Number(process.env.LIMIT ?? 240_000)) break;
}
const per = new Map<string, number>();
for (const p of api.list("pods", { namespace: "default" })) per.set(p.spec.nodeName, (per.get(p.spec.nodeName) ?? 0) + 1);
console.log("min/max per node", Math.min(...per.values()), Math.max(...per.values()), "mem MB", Math.round(process.memoryUsage().rss / 1e6));
rsc.stop(); s.stop();
process.exit(0);
