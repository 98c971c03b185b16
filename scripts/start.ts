// `npm start` (production) and `npm run dev` (hot reload): the one command that runs Apiary. It starts what the
// embedded default needs — the simulated cluster when no KUBECONFIG is set, the registry when no REGISTRY_URL
// is set — then the console, prints the URL, and stops all of it cleanly on Ctrl-C.
import fs from "node:fs";
import path from "node:path";
import { EnvError, parseEnv, type Env } from "../lib/server/env";
import { ensureEventsSecret } from "../lib/server/registry/events-secret";
import { REGISTRY_TOKEN_ISSUER } from "../lib/server/registry/registry-settings";
import { ensureTokenSigningKey } from "../lib/server/registry/token-signing-key";
import { STANDALONE_SERVER, buildIfNeeded } from "./start/build-if-needed";
import { writeRegistryConfig } from "./start/registry-config";
import { childEnv, startSupervised, waitForHttp, waitForLine, type Supervised } from "./start/supervised-process";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const running: Supervised[] = [];
let stopping = false;

let stopped: Promise<void> | undefined;

async function stopAll(code: number): Promise<never> {
  // A crash is reported twice (the crash watcher and main's catch): both wait for the one shutdown, so the second
  // cannot exit while the first is still stopping the children (which left a registry running).
  stopped ??= (async () => {
    stopping = true;
    if (running.length) console.log("\nStopping Apiary…");
    for (const proc of [...running].reverse()) await proc.stop();
  })();
  await stopped;
  process.exit(code);
}

function watchForCrash(proc: Supervised) {
  proc.exited.then((code) => {
    // A Ctrl-C or a SIGTERM to the process group reaches the children too, and one may exit before this process
    // has handled its own signal: wait a moment so a shutdown is not reported as a crash.
    setTimeout(() => {
      if (stopping) return;
      console.error(`${proc.name} stopped unexpectedly (exit code ${code}); stopping the rest.`);
      void stopAll(1);
    }, 250);
  });
}

function commandExists(command: string): boolean {
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, command)));
}

async function startRegistry(env: Env): Promise<void> {
  if (env.REGISTRY_URL) return;
  if (!commandExists("docker-registry")) {
    throw new Error("the embedded registry needs Debian's docker-registry package: run `npm run setup`, or set REGISTRY_URL to an existing registry.");
  }
  // Apiary is the registry's token server and notifications endpoint: the signing key and the events secret exist
  // before the registry reads its config. Clients fetch tokens from the public URL; the registry posts events to
  // the console directly.
  const { certPath } = await ensureTokenSigningKey(env.dataDir);
  const consoleHost = env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST;
  const consoleUrl = `http://${consoleHost.includes(":") ? `[${consoleHost}]` : consoleHost}:${env.PORT}`;
  const config = writeRegistryConfig(env.dataDir, env.APIARY_REGISTRY_PORT, {
    tokenRealm: `${(env.APIARY_PUBLIC_URL ?? consoleUrl).replace(/\/+$/, "")}/api/v1/registry/token`,
    service: env.APIARY_REGISTRY_SERVICE,
    issuer: REGISTRY_TOKEN_ISSUER,
    rootCertBundle: certPath,
    eventsUrl: `${consoleUrl}/api/v1/registry/events`,
    eventsSecret: ensureEventsSecret(env.dataDir, env.APIARY_REGISTRY_EVENTS_SECRET),
  });
  const registry = startSupervised("registry", "docker-registry", ["serve", config], { env: childEnv({}) });
  running.push(registry);
  watchForCrash(registry);
  await waitForHttp(`${env.registryUrl}/v2/`, [200, 401], 30_000, () => registry.child.exitCode === null);
}

async function startCluster(env: Env): Promise<void> {
  if (env.KUBECONFIG) return;
  const args = [
    path.join(root, "node_modules/tsx/dist/cli.mjs"),
    path.join(root, "sim/main.ts"),
    "--port", String(env.APIARY_SIM_PORT),
    "--kubeconfig", env.kubeconfigPath,
    "--nodes", String(env.APIARY_SIM_NODES),
    "--registry", env.registryUrl,
    "--state", path.join(env.dataDir, "sim-state.json"),
  ];
  const cluster = startSupervised("cluster", process.execPath, args, { env: childEnv({ APIARY_DATA_DIR: env.dataDir }), cwd: root });
  running.push(cluster);
  watchForCrash(cluster);
  await waitForLine(cluster, /ready on/, 60_000);
}

async function startConsole(env: Env): Promise<void> {
  const shared = {
    APIARY_DATA_DIR: env.dataDir,
    KUBECONFIG: env.kubeconfigPath,
    REGISTRY_URL: env.registryUrl,
    PORT: String(env.PORT),
    HOSTNAME: env.HOST,
  };
  const web = dev
    ? startSupervised("console", process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "dev", "-p", String(env.PORT), "-H", env.HOST], {
        env: childEnv({ ...shared, NODE_ENV: "development" }),
        cwd: root,
      })
    : startSupervised("console", process.execPath, [path.join(root, STANDALONE_SERVER)], { env: childEnv({ ...shared, NODE_ENV: "production" }), cwd: root });
  running.push(web);
  watchForCrash(web);
  await waitForHttp(`http://${env.HOST}:${env.PORT}/api/v1/healthz`, [200], dev ? 180_000 : 60_000, () => web.child.exitCode === null);
}

async function main() {
  let env: Env;
  try {
    env = parseEnv(process.env, root);
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
  fs.mkdirSync(env.dataDir, { recursive: true });
  if (!dev) buildIfNeeded(root);
  await startRegistry(env);
  await startCluster(env);
  await startConsole(env);
  const url = env.APIARY_PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`;
  console.log(`\nApiary is running at ${url}  (data in ${env.dataDir}; Ctrl-C stops everything)\n`);
}

main().catch((error) => {
  console.error(`Apiary could not start: ${error instanceof Error ? error.message : String(error)}`);
  void stopAll(1);
});
