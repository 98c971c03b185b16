// Workload reads at scale (issue 6): 1,000 tenants signed up through the API, 3,000 Deployments and 30,000 pods
// in the simulated cluster; a tenant's deployment list through the BFF (its watch cache) at 100 concurrent
// connections, the same list straight from the API server, and the time from a change in the API server to the
// tenant's SSE notice. The simulator and the built console run as their own processes, as `npm start` runs them.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { buildIfNeeded, STANDALONE_SERVER } from "../scripts/start/build-if-needed";
import type { BenchResult } from "./run";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 1000);
const DEPLOYMENTS_PER_TENANT = 3;
const REPLICAS = 10;
const NODES = Number(process.env.BENCH_NODES ?? 300);
const CONCURRENCY = 100;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
const MEASURED_TENANTS = 20;
const CHANGES = 100;

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

interface Answer {
  status: number;
  body: any;
  headers: http.IncomingHttpHeaders;
}

function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
    const contentType = init.method === "PATCH" ? "application/merge-patch+json" : "application/json";
    const req = http.request(url, {
      method: init.method ?? "GET",
      agent,
      headers: { accept: "application/json", ...(payload ? { "content-type": contentType, "content-length": String(Buffer.byteLength(payload)) } : {}), ...init.headers },
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON; the text is kept for the error message
        }
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const match = pattern.exec(out);
      if (match) resolve(match);
    });
    child.on("exit", (code) => reject(new Error(`${what} exited with ${code}: ${out.slice(-2000)}`)));
  });
}

async function waitUntil<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** A Deployment whose pods pass the `restricted` Pod Security profile every tenant namespace enforces. */
function deployment(name: string) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels: { "app.kubernetes.io/name": name } },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { "app.kubernetes.io/name": name } },
      template: {
        metadata: { labels: { "app.kubernetes.io/name": name } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "app",
              image: "nginx:1.27",
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      },
    },
  };
}

/** Reads the tenant's SSE stream and calls `onNotice` with each parsed notice. */
function openChangeStream(url: string, apiKey: string, onNotice: (notice: any) => void): { close(): void; opened: Promise<void> } {
  let req: http.ClientRequest | undefined;
  const opened = new Promise<void>((resolve, reject) => {
    req = http.get(url, { headers: { authorization: `Bearer ${apiKey}`, accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`change stream answered ${res.statusCode}`));
        return;
      }
      resolve();
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message
            .split("\n")
            .filter((line) => line.startsWith("data:"))
            .map((line) => line.slice(5).trimStart())
            .join("\n");
          if (data) onNotice(JSON.parse(data));
        }
      });
    });
    req.on("error", reject);
  });
  return { opened, close: () => req?.destroy() };
}

export default async function workloadsBench(): Promise<BenchResult> {
  const root = path.resolve(import.meta.dirname, "..");
  buildIfNeeded(root);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-bench-workloads-"));
  const kubeconfig = path.join(dir, "kubeconfig");
  const children: ChildProcess[] = [];
  try {
    const sim = spawn(process.execPath, ["--import", "tsx", "sim/main.ts", "--port", "0", "--nodes", String(NODES), "--node-size", "32cpu,128Gi", "--kubeconfig", kubeconfig, "--state", path.join(dir, "sim-state.json")], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, APIARY_DATA_DIR: dir },
    });
    children.push(sim);
    const apiServer = (await waitForLine(sim, /ready on (http\S+)/, "the simulator"))[1];
    const adminToken = /token:\s*(\S+)/.exec(fs.readFileSync(kubeconfig, "utf8"))?.[1] ?? "";
    const admin = { authorization: `Bearer ${adminToken}` };
    console.log(`simulator up at ${apiServer} with ${NODES} nodes`);

    const port = await freePort();
    const consoleUrl = `http://127.0.0.1:${port}`;
    // BENCH_CONSOLE_NODE_ARGS passes node flags to the console, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (the
    // profile is written when it exits, so it is then stopped with SIGTERM rather than killed).
    const consoleArgs = (process.env.BENCH_CONSOLE_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
    const web = spawn(process.execPath, [...consoleArgs, STANDALONE_SERVER], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        APIARY_DATA_DIR: dir,
        KUBECONFIG: kubeconfig,
        // No registry runs here: the benchmark's pods use images the simulated kubelets resolve without one.
        REGISTRY_URL: "http://127.0.0.1:9",
        APIARY_SIGNUP_LIMIT_PER_IP: "1000000",
        LOG_LEVEL: "warn",
      },
    });
    children.push(web);
    web.stdout!.resume();
    await waitUntil("the console answering healthz", 120_000, async () => {
      const answer = await request(`${consoleUrl}/api/v1/healthz`).catch(() => undefined);
      return answer?.status === 200 ? true : undefined;
    });
    console.log(`console up at ${consoleUrl}`);

    // 1,000 tenants through the real sign-up, each provisioned in the cluster before the answer.
    const signupStarted = performance.now();
    const tenants: { slug: string; namespace: string; cookie: string }[] = [];
    await inParallel(
      Array.from({ length: TENANTS }, (_, i) => i),
      4,
      async (i) => {
        const answer = await request(`${consoleUrl}/api/v1/signup`, {
          method: "POST",
          headers: { origin: consoleUrl },
          body: { email: `bench-${i}@example.test`, password: `correct horse battery ${i}`, name: `Bench ${i}`, tenantName: `Bench ${i}` },
        });
        if (answer.status !== 201) throw new Error(`sign-up ${i}: ${answer.status} ${JSON.stringify(answer.body)}`);
        const cookie = String(answer.headers["set-cookie"]?.[0] ?? "").split(";")[0];
        tenants[i] = { slug: answer.body.tenant.slug, namespace: answer.body.tenant.namespace, cookie };
        if (i % 100 === 99) process.stdout.write(`\r${i + 1}/${TENANTS} tenants signed up`);
      },
    );
    const signupSeconds = (performance.now() - signupStarted) / 1000;
    console.log(`\n${TENANTS} tenants in ${signupSeconds.toFixed(1)} s`);

    // The free plan allows 10 pods; the operator raises it to 30 for these tenants, then 3 Deployments × 10 replicas each.
    const createStarted = performance.now();
    await inParallel(tenants, 16, async ({ namespace }) => {
      const quota = await request(`${apiServer}/api/v1/namespaces/${namespace}/resourcequotas/apiary-quota`, { method: "PATCH", headers: admin, body: { spec: { hard: { pods: "30" } } } });
      if (quota.status !== 200) throw new Error(`quota of ${namespace}: ${quota.status} ${JSON.stringify(quota.body)}`);
      for (let d = 0; d < DEPLOYMENTS_PER_TENANT; d++) {
        const made = await request(`${apiServer}/apis/apps/v1/namespaces/${namespace}/deployments`, { method: "POST", headers: admin, body: deployment(`web-${d}`) });
        if (made.status !== 201) throw new Error(`deployment in ${namespace}: ${made.status} ${JSON.stringify(made.body)}`);
      }
    });
    const wanted = TENANTS * DEPLOYMENTS_PER_TENANT * REPLICAS;
    await waitUntil(`${wanted} pods ready`, 1_800_000, async () => {
      const list = await request(`${apiServer}/apis/apps/v1/deployments`, { headers: admin });
      const ready = (list.body.items as any[]).reduce((sum, d) => sum + (d.status?.readyReplicas ?? 0), 0);
      process.stdout.write(`\r${ready}/${wanted} pods ready after ${((performance.now() - createStarted) / 1000).toFixed(0)} s   `);
      return ready >= wanted ? true : undefined;
    });
    const readySeconds = (performance.now() - createStarted) / 1000;
    console.log("");

    // API keys (viewer) for the tenants whose lists are measured; requests rotate over them.
    const measured = tenants.slice(0, MEASURED_TENANTS);
    const keys: { slug: string; namespace: string; key: string }[] = [];
    for (const tenant of measured) {
      const created = await request(`${consoleUrl}/api/v1/tenants/${tenant.slug}/api-keys`, {
        method: "POST",
        headers: { origin: consoleUrl, cookie: tenant.cookie },
        body: { name: "bench", role: "viewer" },
      });
      if (created.status !== 201) throw new Error(`API key for ${tenant.slug}: ${created.status} ${JSON.stringify(created.body)}`);
      keys.push({ slug: tenant.slug, namespace: tenant.namespace, key: created.body.key });
    }

    // The BFF's cache has caught up when every measured tenant lists 3 available deployments.
    await waitUntil("the BFF listing every deployment as available", 300_000, async () => {
      for (const { slug, key } of keys) {
        const list = await request(`${consoleUrl}/api/v1/tenants/${slug}/deployments`, { headers: { authorization: `Bearer ${key}` } });
        if (list.status !== 200 || list.body.items.length !== DEPLOYMENTS_PER_TENANT || list.body.items.some((d: any) => d.state !== "available")) return undefined;
      }
      return true;
    });

    const measure = async (label: string, send: (index: number) => Promise<Answer>): Promise<number[]> => {
      for (let i = 0; i < 200; i++) await send(i); // warm-up: JIT, connection pool
      const latencies: number[] = [];
      await inParallel(
        Array.from({ length: REQUESTS }, (_, i) => i),
        CONCURRENCY,
        async (i) => {
          const started = performance.now();
          const answer = await send(i);
          latencies.push(performance.now() - started);
          if (answer.status !== 200) throw new Error(`${label}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        },
      );
      console.log(`${label}: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms`);
      return latencies;
    };
    const bff = await measure("BFF list", (i) => {
      const { slug, key } = keys[i % keys.length];
      return request(`${consoleUrl}/api/v1/tenants/${slug}/deployments`, { headers: { authorization: `Bearer ${key}` } });
    });
    // The framework's own floor at this concurrency: the cheapest route (no database, no cluster), through the same
    // server, so the list's figure can be told apart from what any Next.js route costs here.
    const floor = await measure("BFF healthz (floor)", () => request(`${consoleUrl}/api/v1/healthz`));
    const direct = await measure("API server list", (i) => {
      const { namespace } = keys[i % keys.length];
      return request(`${apiServer}/apis/apps/v1/namespaces/${namespace}/deployments`, { headers: admin });
    });

    // Change → SSE: scale a deployment in the API server and time until the tenant's stream reports the new count.
    const target = keys[0];
    const waiting = new Map<number, { sentAt: number; resolve: (ms: number) => void }>();
    const stream = openChangeStream(`${consoleUrl}/api/v1/tenants/${target.slug}/events`, target.key, (notice) => {
      const desired = notice?.summary?.replicas?.desired;
      if (notice?.resource !== "workload" || notice?.name !== "web-0" || typeof desired !== "number") return;
      const entry = waiting.get(desired);
      if (entry) {
        waiting.delete(desired);
        entry.resolve(performance.now() - entry.sentAt);
      }
    });
    await stream.opened;
    const changeLatencies: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const replicas = i % 2 === 0 ? REPLICAS - 1 : REPLICAS; // stays within the quota
      const arrived = new Promise<number>((resolve) => waiting.set(replicas, { sentAt: performance.now(), resolve }));
      const patched = await request(`${apiServer}/apis/apps/v1/namespaces/${target.namespace}/deployments/web-0`, { method: "PATCH", headers: admin, body: { spec: { replicas } } });
      if (patched.status !== 200) throw new Error(`scale: ${patched.status}`);
      const timeout = new Promise<number>((_, reject) => setTimeout(() => reject(new Error("no SSE notice within 10 s")), 10_000).unref());
      changeLatencies.push(await Promise.race([arrived, timeout]));
      await new Promise((r) => setTimeout(r, 300)); // let the rollout's own follow-up changes pass
    }
    stream.close();

    const bffP95 = percentile(bff, 95);
    const directP95 = percentile(direct, 95);
    return {
      notes:
        `${TENANTS} tenants signed up through POST /api/v1/signup (each provisioned in the simulated cluster), ${TENANTS * DEPLOYMENTS_PER_TENANT} Deployments × ${REPLICAS} replicas (${wanted} pods) on ${NODES} simulated nodes; the console is the built standalone server on embedded PGlite with its watch cache over the whole cluster. ` +
        `Lists: ${REQUESTS} GET /api/v1/tenants/{tenant}/deployments with viewer API keys of ${MEASURED_TENANTS} tenants, ${CONCURRENCY} concurrent connections (keep-alive), after 200 warm-up requests; the floor is GET /api/v1/healthz (no database, no cluster) through the same server at the same concurrency; the direct figure is the same namespace's GET /apis/apps/v1/namespaces/{ns}/deployments from the API server with the same concurrency. ` +
        `Change → event: ${CHANGES} scale patches sent to the API server, each timed until the tenant's SSE stream delivered the workload notice with the new replica count. The free plan's pod quota (10) was raised to 30 for these tenants by patching their ResourceQuota.`,
      parameters: { tenants: TENANTS, deployments: TENANTS * DEPLOYMENTS_PER_TENANT, pods: wanted, nodes: NODES, concurrency: CONCURRENCY, requests: REQUESTS, loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))) },
      figures: [
        { name: "sign-up of all tenants", value: signupSeconds, unit: "s" },
        { name: `time to ${wanted} pods Ready`, value: readySeconds, unit: "s" },
        { name: "BFF deployment list p50", value: percentile(bff, 50), unit: "ms" },
        { name: "BFF deployment list p95", value: bffP95, unit: "ms", target: { op: "<=", value: 25 } },
        { name: "BFF deployment list p99", value: percentile(bff, 99), unit: "ms" },
        { name: "BFF GET /api/v1/healthz p95 (the framework's floor)", value: percentile(floor, 95), unit: "ms" },
        { name: "API server deployment list p50", value: percentile(direct, 50), unit: "ms" },
        { name: "API server deployment list p95", value: directP95, unit: "ms" },
        { name: "API server deployment list p99", value: percentile(direct, 99), unit: "ms" },
        { name: "API server p95 ÷ BFF p95", value: directP95 / bffP95, unit: "×", target: { op: ">=", value: 10 } },
        { name: "change → SSE event p50", value: percentile(changeLatencies, 50), unit: "ms" },
        { name: "change → SSE event p95", value: percentile(changeLatencies, 95), unit: "ms", target: { op: "<=", value: 250 } },
      ],
    };
  } finally {
    for (const child of children.reverse()) {
      if (child.exitCode === null && (process.env.BENCH_CONSOLE_NODE_ARGS ?? "").includes("prof")) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      }
      child.kill("SIGKILL");
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
