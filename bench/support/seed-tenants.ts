// What the console benchmarks share: the simulated cluster and the built console each in its own process (as
// `npm start` runs them), tenants signed up through the real API, and their Deployments running in the cluster.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildIfNeeded, STANDALONE_SERVER } from "../../scripts/start/build-if-needed";
import { inParallel, request, waitUntil } from "./http";
import { freePort } from "../../scripts/test-support/free-port";

export interface BenchStack {
  /** The simulated API server's URL and its admin's headers. */
  apiServer: string;
  admin: { authorization: string };
  consoleUrl: string;
  /** The console's server process, whose memory can be read from /proc/<pid>/status. */
  consolePid: number;
  /** Stops both processes and removes their data folder. */
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Names the temporary data folder. */
  name: string;
  nodes: number;
  /** More variables for the console, e.g. DATABASE_URL. */
  consoleEnv?: Record<string, string>;
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

/**
 * Builds the console if its sources changed, then starts the simulator (`nodes` nodes of 32 CPUs / 128 GiB) and the
 * standalone console on embedded PGlite (or `consoleEnv.DATABASE_URL`) and waits until the console answers healthz.
 */
export async function startStack(options: StackOptions): Promise<BenchStack> {
  const root = path.resolve(import.meta.dirname, "../..");
  buildIfNeeded(root);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `apiary-bench-${options.name}-`));
  const kubeconfig = path.join(dir, "kubeconfig");
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode === null && (process.env.BENCH_CONSOLE_NODE_ARGS ?? "").includes("prof")) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      }
      child.kill("SIGKILL");
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const sim = spawn(process.execPath, ["--import", "tsx", "sim/main.ts", "--port", "0", "--nodes", String(options.nodes), "--node-size", "32cpu,128Gi", "--kubeconfig", kubeconfig, "--state", path.join(dir, "sim-state.json")], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, APIARY_DATA_DIR: dir },
    });
    children.push(sim);
    const apiServer = (await waitForLine(sim, /ready on (http\S+)/, "the simulator"))[1];
    const adminToken = /token:\s*(\S+)/.exec(fs.readFileSync(kubeconfig, "utf8"))?.[1] ?? "";
    console.log(`simulator up at ${apiServer} with ${options.nodes} nodes`);

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
        ...options.consoleEnv,
      },
    });
    children.push(web);
    web.stdout!.resume();
    await waitUntil("the console answering healthz", 120_000, async () => {
      const answer = await request(`${consoleUrl}/api/v1/healthz`).catch(() => undefined);
      return answer?.status === 200 ? true : undefined;
    });
    console.log(`console up at ${consoleUrl}`);
    return { apiServer, admin: { authorization: `Bearer ${adminToken}` }, consoleUrl, consolePid: web.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface BenchTenant {
  slug: string;
  namespace: string;
  /** The owner's session cookie ("name=value"), from the sign-up's answer. */
  cookie: string;
}

/** `count` tenants through the real sign-up (each provisioned in the cluster before the answer), 4 at a time. */
export async function signUpTenants(consoleUrl: string, count: number): Promise<{ tenants: BenchTenant[]; seconds: number }> {
  const started = performance.now();
  const tenants: BenchTenant[] = [];
  await inParallel(
    Array.from({ length: count }, (_, i) => i),
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
      if (i % 100 === 99) process.stdout.write(`\r${i + 1}/${count} tenants signed up`);
    },
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`\n${count} tenants in ${seconds.toFixed(1)} s`);
  return { tenants, seconds };
}

/** A Deployment whose pods pass the `restricted` Pod Security profile every tenant namespace enforces. */
export function benchDeployment(name: string, replicas: number, image = "nginx:1.27") {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels: { "app.kubernetes.io/name": name } },
    spec: {
      replicas,
      selector: { matchLabels: { "app.kubernetes.io/name": name } },
      template: {
        metadata: { labels: { "app.kubernetes.io/name": name } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "app",
              image,
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      },
    },
  };
}

export interface WorkloadSeed {
  deploymentsPerTenant: number;
  replicas: number;
  /** The free plan allows 10 pods; the operator raises each tenant's pod quota to this. */
  podQuota: number;
}

/**
 * As the operator: raises each tenant's pod quota, creates `web-0…` Deployments straight in the API server, and
 * waits until all their pods are Ready. Answers the seconds from the first create to the last pod Ready.
 */
export async function deployWorkloads(stack: BenchStack, tenants: readonly BenchTenant[], seed: WorkloadSeed): Promise<{ pods: number; readySeconds: number }> {
  const { apiServer, admin } = stack;
  const started = performance.now();
  await inParallel(tenants, 16, async ({ namespace }) => {
    const quota = await request(`${apiServer}/api/v1/namespaces/${namespace}/resourcequotas/apiary-quota`, { method: "PATCH", headers: admin, body: { spec: { hard: { pods: String(seed.podQuota) } } } });
    if (quota.status !== 200) throw new Error(`quota of ${namespace}: ${quota.status} ${JSON.stringify(quota.body)}`);
    for (let d = 0; d < seed.deploymentsPerTenant; d++) {
      const made = await request(`${apiServer}/apis/apps/v1/namespaces/${namespace}/deployments`, { method: "POST", headers: admin, body: benchDeployment(`web-${d}`, seed.replicas) });
      if (made.status !== 201) throw new Error(`deployment in ${namespace}: ${made.status} ${JSON.stringify(made.body)}`);
    }
  });
  const pods = tenants.length * seed.deploymentsPerTenant * seed.replicas;
  await waitUntil(`${pods} pods ready`, 1_800_000, async () => {
    const list = await request(`${apiServer}/apis/apps/v1/deployments`, { headers: admin });
    const ready = (list.body.items as any[]).reduce((sum, d) => sum + (d.status?.readyReplicas ?? 0), 0);
    process.stdout.write(`\r${ready}/${pods} pods ready after ${((performance.now() - started) / 1000).toFixed(0)} s   `);
    return ready >= pods ? true : undefined;
  });
  console.log("");
  return { pods, readySeconds: (performance.now() - started) / 1000 };
}

/** An API key of `role` for each tenant, created by its owner's session as the console's key screen does. */
export async function createApiKeys(consoleUrl: string, tenants: readonly BenchTenant[], role: "admin" | "developer" | "viewer"): Promise<string[]> {
  const keys: string[] = [];
  await inParallel(tenants, 4, async (tenant, i) => {
    const created = await request(`${consoleUrl}/api/v1/tenants/${tenant.slug}/api-keys`, {
      method: "POST",
      headers: { origin: consoleUrl, cookie: tenant.cookie },
      body: { name: "bench", role },
    });
    if (created.status !== 201) throw new Error(`API key for ${tenant.slug}: ${created.status} ${JSON.stringify(created.body)}`);
    keys[i] = created.body.key;
  });
  return keys;
}

/** Waits until the console's watch cache lists each tenant's `count` Deployments as available. */
export async function waitForConsoleToList(consoleUrl: string, tenants: readonly { slug: string; headers: Record<string, string> }[], count: number): Promise<void> {
  await waitUntil("the BFF listing every deployment as available", 300_000, async () => {
    for (const { slug, headers } of tenants) {
      const list = await request(`${consoleUrl}/api/v1/tenants/${slug}/deployments`, { headers });
      if (list.status !== 200 || list.body.items.length !== count || list.body.items.some((d: any) => d.state !== "available")) return undefined;
    }
    return true;
  });
}
