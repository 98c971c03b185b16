// startCluster wires the simulated cluster: clock, API layer (restored from --state), bootstrap RBAC,
// controllers, scheduler, kubelets and the HTTP API server, and writes a kubeconfig for kubectl.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { stringify as toYaml } from "yaml";
import { createApiServer, DEFAULT_VERSION, type ApiServer, type ServerVersion } from "./apiserver/api-server";
import type { StaticToken } from "./apiserver/authenticate";
import { selfSignedCertificate } from "./apiserver/tls-certificate";
import { createRbacAuthorizer } from "./apiserver/rbac-authorizer";
import { startDeploymentController } from "./controllers/deployment-controller";
import { startEndpointsController } from "./controllers/endpoints-controller";
import { startGarbageCollector } from "./controllers/garbage-collector";
import { startNamespaceController } from "./controllers/namespace-controller";
import { startReplicaSetController } from "./controllers/replicaset-controller";
import { startServiceAccountController } from "./controllers/service-account-controller";
import { startStatefulSetController } from "./controllers/statefulset-controller";
import { createClusterApi, resourceOf } from "./core/api";
import { bootstrapRbacObjects } from "./core/bootstrap-rbac";
import { createClock } from "./core/clock";
import { cpuToMillicores, memoryToBytes } from "./core/quantity";
import { writeStateFile } from "./core/write-state-file";
import { METRICS_RESOURCES, RESOURCES } from "./core/resources";
import type { Clock, Controller, KObject, KubeletHub, ServedClusterApi } from "./core/types";
import { startKubelets } from "./kubelet/kubelet-hub";
import { startScheduler } from "./scheduler/scheduler";
import type { KubeletTimings } from "./kubelet/pod-runner";

export interface ClusterOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  nodes?: number;
  /** "8cpu,32Gi" */
  nodeSize?: string;
  registryUrl?: string;
  statePath?: string;
  kubeconfigPath?: string;
  speed?: number;
  tokens?: StaticToken[];
  timings?: Partial<KubeletTimings>;
  version?: ServerVersion;
  /** Real milliseconds between state saves (default 10 s). */
  saveIntervalMs?: number;
}

export interface RunningCluster {
  /** Plain-HTTP URL (client-node and curl send tokens over it). */
  url: string;
  /** The same port over TLS (self-signed); what the kubeconfig names. Equals `url` when openssl is missing. */
  httpsUrl: string;
  port: number;
  adminToken: string;
  kubeconfigPath?: string;
  api: ServedClusterApi;
  hub: KubeletHub;
  server: ApiServer;
  /** Writes the state file now (no-op without statePath). */
  save(): Promise<void>;
  stop(): Promise<void>;
}

interface StateFile {
  version: 1;
  adminToken: string;
  /** Simulated time when the state was saved; a restarted cluster's clock resumes from it. */
  clockMs?: number;
  resourceVersion: string;
  objects: KObject[];
}

export const ADMIN_USER = "apiary-sim-admin";
export const CONTEXT_NAME = "apiary-sim";

/** "8cpu,32Gi" → { cpuMillicores: 8000, memoryMiB: 32768 }. */
export function parseNodeSize(size: string): { cpuMillicores: number; memoryMiB: number } {
  let cpuMillicores: number | undefined;
  let memoryMiB: number | undefined;
  const invalid = () => new Error(`node size must look like "8cpu,32Gi", got "${size}"`);
  for (const part of size.split(",").map((p) => p.trim()).filter(Boolean)) {
    try {
      if (/cpus?$/i.test(part)) cpuMillicores = cpuToMillicores(part.replace(/cpus?$/i, ""));
      else memoryMiB = Math.floor(memoryToBytes(part) / 2 ** 20);
    } catch {
      throw invalid();
    }
  }
  if (cpuMillicores === undefined || memoryMiB === undefined) throw invalid();
  return { cpuMillicores, memoryMiB };
}

export function kubeconfigYaml(url: string, token: string): string {
  return toYaml({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: CONTEXT_NAME, cluster: { server: url, "insecure-skip-tls-verify": true } }],
    users: [{ name: ADMIN_USER, user: { token } }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: ADMIN_USER } }],
    "current-context": CONTEXT_NAME,
    preferences: {},
  });
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, path);
}

async function loadState(path: string | undefined): Promise<StateFile | undefined> {
  if (!path || !existsSync(path)) return undefined;
  const state = JSON.parse(await readFile(path, "utf8")) as StateFile;
  if (!state || !Array.isArray(state.objects) || typeof state.adminToken !== "string") throw new Error(`${path} is not an apiary-sim state file`);
  return state;
}

function ensureBootstrapObjects(api: ServedClusterApi): void {
  for (const obj of bootstrapRbacObjects()) {
    const resource = resourceOf(obj);
    if (!resource) continue;
    if (!api.get(resource, obj.metadata.namespace, obj.metadata.name!)) api.create(resource, obj);
  }
}

/** A clock that never runs behind `notBeforeMs`: with --speed > 1 the saved objects' timestamps lie ahead of real
 *  time, and a restarted clock starting at "now" would make every age print as <invalid>. */
function resumedClock(speed: number, notBeforeMs: number | undefined): Clock {
  const clock = createClock(speed);
  const offsetMs = Math.max(0, (notBeforeMs ?? 0) - clock.now());
  if (offsetMs === 0) return clock;
  return { now: () => clock.now() + offsetMs, setTimeout: clock.setTimeout, setInterval: clock.setInterval };
}

export async function startCluster(options: ClusterOptions = {}): Promise<RunningCluster> {
  const state = await loadState(options.statePath);
  const adminToken = state?.adminToken ?? randomBytes(24).toString("base64url");
  const clock = resumedClock(options.speed ?? 1, state?.clockMs);
  const api = createClusterApi({ clock, ...(state ? { initial: { resourceVersion: state.resourceVersion, objects: state.objects } } : {}) });
  ensureBootstrapObjects(api);

  const size = parseNodeSize(options.nodeSize ?? "8cpu,32Gi");
  const authorizer = createRbacAuthorizer(api);
  const controllers: Controller[] = [
    startGarbageCollector(api),
    startNamespaceController(api),
    startServiceAccountController(api),
    startEndpointsController(api),
    startDeploymentController(api),
    startReplicaSetController(api),
    startStatefulSetController(api),
    startScheduler(api),
  ];
  const hub = startKubelets(api, {
    nodes: options.nodes ?? 3,
    nodeCpuMillicores: size.cpuMillicores,
    nodeMemoryMiB: size.memoryMiB,
    ...(options.registryUrl ? { registryUrl: options.registryUrl } : {}),
    ...(options.timings ? { timings: options.timings } : {}),
  });

  const tls = await selfSignedCertificate();
  const server = createApiServer({
    api,
    hub,
    resources: RESOURCES,
    metricsResources: METRICS_RESOURCES,
    authorizer,
    adminToken,
    adminUser: ADMIN_USER,
    tokens: options.tokens ?? [],
    version: options.version ?? DEFAULT_VERSION,
    ...(tls ? { tls } : {}),
  });
  const host = options.host ?? "127.0.0.1";
  const port = await server.listen(options.port ?? 6443, host);
  const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  // kubectl sends the token only to an https server, so the kubeconfig uses the TLS side of the same port.
  const kubeconfigUrl = server.tls ? url.replace(/^http:/, "https:") : url;
  if (options.kubeconfigPath) await writeAtomically(options.kubeconfigPath, kubeconfigYaml(kubeconfigUrl, adminToken));

  let saving: Promise<void> = Promise.resolve();
  let saveQueued = false;
  let savedRv: string | undefined;
  // Saves are chained so two never write the temp file at once; each writes the latest snapshot. A tick that finds
  // a save already queued adds nothing, and a save with no change since the last one is skipped: after a burst the
  // first save of a big cluster takes seconds, and chaining saves back to back would starve requests and watches.
  const save = (force = false) => {
    if (!options.statePath) return Promise.resolve();
    const path = options.statePath;
    if (saveQueued && !force) return saving;
    saveQueued = true;
    saving = saving.then(async () => {
      saveQueued = false;
      if (!force && api.currentResourceVersion() === savedRv) return;
      const snapshot = api.snapshot();
      // Serialised a few milliseconds at a time, so saving a big cluster never stalls requests and watches.
      const head: Omit<StateFile, "objects"> = { version: 1, adminToken, clockMs: clock.now(), resourceVersion: snapshot.resourceVersion };
      await writeStateFile(path, head, snapshot.objects);
      savedRv = snapshot.resourceVersion;
    });
    return saving;
  };
  await save();
  const saveTimer = options.statePath
    ? setInterval(() => {
        save().catch((err) => console.error("apiary-sim: saving state failed:", err));
      }, options.saveIntervalMs ?? 10_000)
    : undefined;
  saveTimer?.unref();

  let stopped: Promise<void> | undefined;
  return {
    url,
    httpsUrl: kubeconfigUrl,
    port,
    adminToken,
    ...(options.kubeconfigPath ? { kubeconfigPath: options.kubeconfigPath } : {}),
    api,
    hub,
    server,
    save: () => save(true),
    stop() {
      stopped ??= (async () => {
        if (saveTimer) clearInterval(saveTimer);
        await server.close();
        for (const c of controllers) c.stop();
        hub.stop();
        authorizer.stop();
        await save(true);
      })();
      return stopped;
    },
  };
}
