// Scale of the simulated cluster (issue 3): 1,000 nodes and 30,000 pods in 1,000 namespaces, created through
// Deployments. Runs the simulator as its own process (as `npm start` does) and measures it from outside over HTTP.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { BenchResult } from "./run";

const NODES = Number(process.env.BENCH_NODES ?? 1000);
const NAMESPACES = Number(process.env.BENCH_NAMESPACES ?? 1000);
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 30);
const WATCH_OBJECTS = 500;
const WATCHERS = 50;

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(base: string, token: string, method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(`${base}${urlPath}`, {
      method,
      agent,
      headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}) },
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

async function inBatches<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** Opens WATCHERS watches on a new namespace, creates WATCH_OBJECTS ConfigMaps in it with `concurrency` clients,
 *  and returns each delivery's latency (create sent → event arrived) and each create's round trip. */
async function watchFanOut(base: string, token: string, namespace: string, concurrency: number): Promise<{ deliveries: number[]; createRoundTrips: number[] }> {
  await request(base, token, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
  const rv = (await request(base, token, "GET", `/api/v1/namespaces/${namespace}/configmaps`)).body.metadata.resourceVersion;
  const sentAt = new Map<string, number>();
  const deliveries: number[] = [];
  const createRoundTrips: number[] = [];
  let expected = WATCHERS * WATCH_OBJECTS;
  let resolveAll!: () => void;
  const allDelivered = new Promise<void>((r) => (resolveAll = r));
  const watchers = Array.from({ length: WATCHERS }, () => {
    const req = http.get(`${base}/api/v1/namespaces/${namespace}/configmaps?watch=true&resourceVersion=${rv}`, { headers: { authorization: `Bearer ${token}` } });
    req.on("response", (res) => {
      let buffer = "";
      res.setEncoding("utf8"); // a character split across two chunks must not be decoded as two halves
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let newline;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          const event = JSON.parse(line);
          const sent = sentAt.get(event.object?.metadata?.name);
          if (event.type === "ADDED" && sent !== undefined) {
            deliveries.push(performance.now() - sent);
            if (--expected === 0) resolveAll();
          }
        }
      });
    });
    return req;
  });
  await new Promise((r) => setTimeout(r, 500));
  const names = Array.from({ length: WATCH_OBJECTS }, (_, i) => `cm-${i}`);
  await inBatches(names, concurrency, async (name) => {
    const sent = performance.now();
    sentAt.set(name, sent);
    await request(base, token, "POST", `/api/v1/namespaces/${namespace}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { n: name } });
    createRoundTrips.push(performance.now() - sent);
  });
  let deadline: NodeJS.Timeout | undefined;
  await Promise.race([allDelivered, new Promise((r) => (deadline = setTimeout(r, 60_000)))]);
  clearTimeout(deadline); // or the finished benchmark waits out the minute before it exits
  watchers.forEach((w) => w.destroy());
  return { deliveries, createRoundTrips };
}

export default async function simBench(): Promise<BenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-bench-sim-"));
  const kubeconfig = path.join(dir, "kubeconfig");
  // BENCH_SIM_NODE_ARGS passes extra node flags to the simulator, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to
  // find where its time goes (the profile is written when it exits, so it is then stopped with SIGTERM).
  const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
  const spawnedAt = performance.now();
  const nodeArgs = (process.env.BENCH_SIM_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "sim/main.ts", "--port", "0", "--nodes", String(NODES), "--node-size", "32cpu,128Gi", "--kubeconfig", kubeconfig, "--state", path.join(dir, "state.json")], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, APIARY_DATA_DIR: dir },
  });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (c) => {
        out += c;
        const match = /ready on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.on("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
    });
    const token = /token:\s*(\S+)/.exec(fs.readFileSync(kubeconfig, "utf8"))?.[1] ?? "";
    console.log(`simulator up at ${base} with ${NODES} nodes`);

    console.log(`ready ${((performance.now() - spawnedAt) / 1000).toFixed(1)} s after spawn`);
    const started = performance.now();
    const namespaces = Array.from({ length: NAMESPACES }, (_, i) => `bench-${i}`);
    await inBatches(namespaces, 16, async (ns) => {
      const created = await request(base, token, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
      if (created.status !== 201) throw new Error(`namespace ${ns}: ${created.status} ${JSON.stringify(created.body)}`);
      const deployment = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: ns },
        spec: {
          replicas: REPLICAS,
          selector: { matchLabels: { app: "web" } },
          template: {
            metadata: { labels: { app: "web" } },
            spec: { containers: [{ name: "web", image: "nginx:1.27", resources: { requests: { cpu: "100m", memory: "128Mi" } } }] },
          },
        },
      };
      const made = await request(base, token, "POST", `/apis/apps/v1/namespaces/${ns}/deployments`, deployment);
      if (made.status !== 201) throw new Error(`deployment in ${ns}: ${made.status} ${JSON.stringify(made.body)}`);
    });
    const createdSeconds = (performance.now() - started) / 1000;
    console.log(`created ${NAMESPACES} namespaces and deployments in ${createdSeconds.toFixed(1)} s`);

    const wanted = NAMESPACES * REPLICAS;
    let ready = 0;
    while (ready < wanted) {
      await new Promise((r) => setTimeout(r, 2_000));
      const list = await request(base, token, "GET", "/apis/apps/v1/deployments");
      ready = list.body.items.reduce((sum: number, d: any) => sum + (d.status?.readyReplicas ?? 0), 0);
      const elapsed = (performance.now() - started) / 1000;
      process.stdout.write(`\r${ready}/${wanted} pods ready after ${elapsed.toFixed(0)} s   `);
      if (elapsed > 1800) throw new Error("pods did not become ready within 30 minutes");
    }
    const readySeconds = (performance.now() - started) / 1000;
    console.log(`\nall ${wanted} pods ready after ${readySeconds.toFixed(1)} s`);

    // Settle: right after the burst the simulator is still digesting it (the first state save of ~200,000 objects,
    // mostly Events; garbage-collector and endpoint passes). The targets are about a cluster at rest, so wait until
    // a window of 50 no-op round trips has a p95 under 5 ms (at most 120 s), and record how long that took.
    const settleStarted = performance.now();
    for (;;) {
      const window: number[] = [];
      for (let i = 0; i < 50; i++) {
        const t = performance.now();
        await request(base, token, "GET", "/version");
        window.push(performance.now() - t);
      }
      if (percentile(window, 95) < 5 || performance.now() - settleStarted > 120_000) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const settleSeconds = (performance.now() - settleStarted) / 1000;
    console.log(`settled ${settleSeconds.toFixed(1)} s after Ready`);

    // The floor under both latency figures at this moment: a round trip that does no work in the simulator (no
    // target), so a slow list can be told from a busy machine or a simulator still digesting the creation burst
    // (state save, garbage collection). The machine is shared, so its load average is recorded with the figures.
    const floorLatencies: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t = performance.now();
      await request(base, token, "GET", "/version");
      floorLatencies.push(performance.now() - t);
    }

    console.log(`list phase starts ${((performance.now() - spawnedAt) / 1000).toFixed(1)} s after spawn`);
    const listLatencies: number[] = [];
    for (let i = 0; i < 300; i++) {
      const ns = namespaces[(i * 7919) % namespaces.length];
      const t = performance.now();
      const list = await request(base, token, "GET", `/api/v1/namespaces/${ns}/pods`);
      listLatencies.push(performance.now() - t);
      if (list.body.items.length !== REPLICAS) throw new Error(`${ns} lists ${list.body.items.length} pods`);
    }

    // Watch fan-out: WATCHERS streams on one namespace receive WATCH_OBJECTS new objects each; the latency of a
    // delivery is from sending the create to the event arriving at a watcher. The targeted figure creates with
    // 8 clients at once, so a delivery also waits for the creates queued ahead of it (closed loop: its latency
    // is 8 ÷ the creates per second the simulator and this process sustain together). The same fan-out with
    // one create at a time is recorded beside it, without a target, to tell that queueing from delivery itself.
    console.log(`watch phase starts ${((performance.now() - spawnedAt) / 1000).toFixed(1)} s after spawn`);
    const burst = await watchFanOut(base, token, "bench-watch", 8);
    const sequential = await watchFanOut(base, token, "bench-watch-sequential", 1);
    const deliveries = burst.deliveries;

    const rssMiB = peakRssMiB(child.pid!);
    return {
      notes: `${NODES} nodes (32 CPU / 128 GiB each), ${NAMESPACES} namespaces × 1 Deployment × ${REPLICAS} replicas (100m / 128Mi) created over HTTP with 16 concurrent clients; kubelet timings at their defaults, clock at real speed. List latency: 300 sequential GETs of one namespace's ${REPLICAS} pods. Watch fan-out: ${WATCHERS} watchers × ${WATCH_OBJECTS} new ConfigMaps created by 8 concurrent clients (${deliveries.length} deliveries), latency from sending the create to the event arriving; the same with one create at a time (${sequential.deliveries.length} deliveries) is recorded beside it without a target. After Ready the benchmark waits for the simulator to settle (a window of 50 GET /version with p95 under 5 ms, at most 120 s; the time is recorded), so the latency figures describe the cluster at rest. Floor: 300 sequential GET /version just before the lists, a round trip that does no work. The simulator runs with --state as npm start does, so its periodic state saves are part of what is measured; the machine is shared, so its load average is recorded in the parameters.`,
      parameters: { nodes: NODES, namespaces: NAMESPACES, replicas: REPLICAS, watchers: WATCHERS, watchObjects: WATCH_OBJECTS, loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))), ...(nodeArgs.length ? { simulatorNodeArgs: nodeArgs.join(" ") } : {}) },
      figures: [
        { name: "create objects (namespaces + deployments)", value: createdSeconds, unit: "s" },
        { name: `time to ${wanted} pods Ready`, value: readySeconds, unit: "s", target: { op: "<=", value: 300 } },
        { name: "peak RSS of the simulator", value: rssMiB, unit: "MiB", target: { op: "<=", value: 4096 } },
        { name: "namespace pod list p95", value: percentile(listLatencies, 95), unit: "ms", target: { op: "<=", value: 20 } },
        { name: "namespace pod list p50", value: percentile(listLatencies, 50), unit: "ms" },
        { name: `watch fan-out p95 (${WATCHERS}×${WATCH_OBJECTS})`, value: percentile(deliveries, 95), unit: "ms", target: { op: "<=", value: 20 } },
        { name: `create round trip p95 during the fan-out (8 at once)`, value: percentile(burst.createRoundTrips, 95), unit: "ms" },
        { name: `watch fan-out p95, one create at a time (${WATCHERS}×${WATCH_OBJECTS})`, value: percentile(sequential.deliveries, 95), unit: "ms" },
        { name: "settling after Ready (no-op round trip p95 < 5 ms)", value: settleSeconds, unit: "s" },
        { name: "round trip of GET /version p95 (floor)", value: percentile(floorLatencies, 95), unit: "ms" },
        { name: "watch deliveries received", value: deliveries.length, unit: "events", target: { op: ">=", value: WATCHERS * WATCH_OBJECTS } },
      ],
    };
  } finally {
    if (nodeArgs.length && child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
    }
    child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
