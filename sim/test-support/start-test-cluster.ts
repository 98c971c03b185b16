// An in-process simulated cluster for tests, with a throwaway kubeconfig and HOME, and a way to run the real
// kubectl binaries against it. kubectl runs asynchronously (execFile/spawn), never execFileSync: the API server
// lives in this same process and would be blocked.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCluster, type ClusterOptions, type RunningCluster } from "../cluster";

export const KUBECTL_DIR = "/usr/lib/google-cloud-sdk/bin";

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface TestCluster {
  cluster: RunningCluster;
  dir: string;
  kubeconfigPath: string;
  /** Runs `kubectl.1.<minor> args…`; never rejects, the exit code is in the result. */
  kubectl(args: string[], opts?: { minor?: number; timeoutMs?: number; stdin?: string }): Promise<KubectlResult>;
  /** Starts a long-running kubectl (get -w, logs -f) and collects its output until `stop()`. */
  kubectlStream(args: string[], opts?: { minor?: number }): { output(): string; waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>; stop(): Promise<void> };
  writeFile(name: string, text: string): Promise<string>;
  /** POST /_sim/faults with the admin token. */
  fault(action: Record<string, unknown>): Promise<unknown>;
  waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs?: number, what?: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startTestCluster(options: ClusterOptions = {}): Promise<TestCluster> {
  const dir = await mkdtemp(join(tmpdir(), "apiary-sim-test-"));
  const kubeconfigPath = join(dir, "kubeconfig");
  // The sped-up clock makes a node's 40 s grace period a couple of real seconds, which a busy 2-core machine can
  // miss; tests about nodes going away stop them explicitly, so the grace period is stretched well past any stall.
  const cluster = await startCluster({ port: 0, nodes: 3, speed: 20, kubeconfigPath, ...options, timings: { nodeGraceMs: 3_600_000, ...(options.timings ?? {}) } });
  const env = { NODE_ENV: process.env.NODE_ENV, PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: join(dir, "home"), KUBECONFIG: kubeconfigPath } as NodeJS.ProcessEnv;
  const children = new Set<ChildProcess>();
  const binary = (minor = 33) => join(KUBECTL_DIR, `kubectl.1.${minor}`);

  const kubectl: TestCluster["kubectl"] = (args, opts = {}) =>
    new Promise((resolve) => {
      const child = execFile(binary(opts.minor), args, { env, timeout: opts.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 }, (err: Error | null, stdout: string, stderr: string) => {
        children.delete(child);
        const code = err ? (typeof (err as NodeJS.ErrnoException).code === "number" ? Number((err as NodeJS.ErrnoException).code) : 1) : 0;
        resolve({ stdout: String(stdout), stderr: String(stderr), code });
      });
      children.add(child);
      if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
    });

  const kubectlStream: TestCluster["kubectlStream"] = (args, opts = {}) => {
    const child = spawn(binary(opts.minor), args, { env, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let out = "";
    const listeners = new Set<() => void>();
    child.stdout!.on("data", (d) => {
      out += String(d);
      for (const l of [...listeners]) l();
    });
    child.stderr!.on("data", (d) => {
      out += String(d);
      for (const l of [...listeners]) l();
    });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    return {
      output: () => out,
      waitFor(pattern, timeoutMs = 15_000) {
        return new Promise((resolve, reject) => {
          const check = () => {
            const m = pattern.exec(out);
            if (m) {
              listeners.delete(check);
              clearTimeout(timer);
              resolve(m[0]);
            }
          };
          const timer = setTimeout(() => {
            listeners.delete(check);
            reject(new Error(`timed out waiting for ${pattern} in kubectl ${args.join(" ")} output:\n${out}`));
          }, timeoutMs);
          listeners.add(check);
          check();
        });
      },
      async stop() {
        if (child.exitCode === null) child.kill("SIGTERM");
        await exited;
        children.delete(child);
      },
    };
  };

  const waitFor: TestCluster["waitFor"] = async (check, timeoutMs = 20_000, what = "condition") => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Awaited, so an async check (a request to the cluster) is really waited for, not taken as a truthy promise.
      const v = await check();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  return {
    cluster,
    dir,
    kubeconfigPath,
    kubectl,
    kubectlStream,
    async writeFile(name, text) {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    },
    async fault(action) {
      const res = await fetch(`${cluster.url}/_sim/faults`, {
        method: "POST",
        headers: { Authorization: `Bearer ${cluster.adminToken}`, "Content-Type": "application/json" },
        body: JSON.stringify(action),
      });
      if (!res.ok) throw new Error(`fault ${JSON.stringify(action)} failed: ${res.status} ${await res.text()}`);
      return res.json();
    },
    waitFor,
    async stop() {
      for (const c of children) c.kill("SIGKILL");
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
