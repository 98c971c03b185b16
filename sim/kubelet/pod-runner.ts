// The life of one pod on a simulated node, as the kubelet and containerd would play it: sandbox and IP,
// init containers, image pulls against the real registry (with back-off), create/start, probes driven by
// the scripted behaviour, crash loops, liveness restarts, graceful termination with preStop hooks, and
// the final delete. Every step is a Clock timer; the status is recomputed from in-memory state and
// written through the status subresource, so the API server sees exactly what a real kubelet posts.

import type { ClusterApi, KObject } from "../core/types";
import { rfc3339 } from "../core/clock";
import { credentialsForHost, ImagePullError, isValidImageRef, parseImageRef, pullImage, sameHost } from "./image-puller";
import type { ImageRef, PulledImage } from "./image-puller";
import { cpuSecondsBetween, loadKeyFor, parseContainerResources } from "./load-model";
import type { LoadKey, ParsedResources } from "./load-model";
import type { LogInstance } from "./container-logs";
import type { CgroupLabels } from "./node-metrics";
import type { NodeRuntime } from "./node-runtime";
import { readScriptedBehaviour } from "./scripted-behaviour";
import type { ScriptedBehaviour } from "./scripted-behaviour";
import { hashString, seededHex, seededRandom } from "./seeded-random";

export interface KubeletTimings {
  /** Simulated time an image pull takes (the registry round trip runs in parallel). */
  pullMs: number;
  /** From image present to container started. */
  startMs: number;
  /** How long an init container runs before it completes (when not scripted). */
  initRunMs: number;
  /** Lease renewal period. */
  heartbeatMs: number;
  /** Node status (conditions) refresh period. */
  nodeStatusMs: number;
  /** Lease age after which the node is considered unreachable. */
  nodeGraceMs: number;
  /** How often the node-lifecycle check runs. */
  monitorMs: number;
  /** Pause between ErrImagePull and ImagePullBackOff (the kubelet's next sync). */
  syncMs: number;
}

export interface PodRunnerContext {
  api: ClusterApi;
  timings: KubeletTimings;
  registryUrl?: string;
  node: NodeRuntime;
  /** Registers in-flight async work (registry requests), so tests can wait for it. */
  track(work: Promise<unknown>): void;
}

interface Timer {
  cancel(): void;
}

export interface ContainerInstance extends LogInstance {
  containerId: string;
  restartCount: number;
  /** cAdvisor label fragments of this instance, built on the first scrape and reused. */
  cadvisorLabels?: CgroupLabels;
}

export type ContainerResources = ParsedResources;

interface TerminatedState {
  exitCode: number;
  reason: string;
  startedAt: string;
  finishedAt: string;
  containerID: string;
}

export interface ContainerRuntime {
  name: string;
  init: boolean;
  /** An init container with restartPolicy Always: it keeps running beside the app containers. */
  sidecar: boolean;
  spec: any;
  /** Parsed once: scrapes read them for every container. */
  resources: ContainerResources;
  ref: ImageRef;
  pulled?: PulledImage;
  behaviour: ScriptedBehaviour;
  loadKey: LoadKey;
  phase: "waiting" | "running" | "terminated";
  waiting?: { reason: string; message?: string };
  terminated?: TerminatedState;
  lastTerminated?: TerminatedState;
  restartCount: number;
  crashCount: number;
  ready: boolean;
  /** Init containers that ran to completion. */
  completed: boolean;
  current?: ContainerInstance;
  previous?: ContainerInstance;
  /** CPU seconds of earlier instances: the pod cgroup's counter includes them. */
  deadCpuSeconds: number;
  timer?: Timer;
  readinessTimer?: Timer;
  livenessTimer?: Timer;
  startupTimer?: Timer;
  /** The startup probe succeeded (or there is none): `started` in the status. */
  startupPassed: boolean;
  readinessSuccesses: number;
  readinessFailures: number;
  livenessFailures: number;
  pullBackoffMs: number;
}

const MAX_BACKOFF_MS = 300_000;
const INITIAL_BACKOFF_MS = 10_000;
/** How long a container scripted to use more memory than its limit runs before it is OOM-killed. */
const OOM_AFTER_MS = 5_000;

/** Go's time.Duration formatting for the durations kubelet messages print ("1.034s", "40s", "5m0s"). */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = ms / 1000;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = +(totalSeconds - minutes * 60).toFixed(3);
  const secondsText = `${seconds}s`;
  if (minutes === 0) return secondsText;
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours}h${minutes % 60}m${secondsText}` : `${minutes}m${secondsText}`;
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function qosClassOf(pod: KObject): "Guaranteed" | "Burstable" | "BestEffort" {
  const containers: any[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ["cpu", "memory"]) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

export class PodRunner {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  pod: KObject;
  readonly containers: ContainerRuntime[] = [];
  readonly initContainers: ContainerRuntime[] = [];
  podIp?: string;
  qosClass: string;
  startTimeMs: number;
  terminating = false;
  /** Every container has stopped; only the final delete is left (deferred while the node is down). */
  finished = false;
  disposed = false;
  /** cAdvisor label strings of the pod cgroup and its sandbox, built on the first scrape. */
  cadvisorLabels?: { cgroup: string; tail: string; labels: CgroupLabels; network: string };
  private initialized = false;
  private conditionTimes = new Map<string, { status: string; time: string }>();
  /** What to do when each init container is done, so a restarted init container still continues the chain. */
  private onInitDone = new Map<ContainerRuntime, () => void>();
  /** Set while re-creating running containers from saved state: nothing is posted until all are back. */
  private adopting = false;
  private ipOctet?: number;

  constructor(
    private readonly ctx: PodRunnerContext,
    pod: KObject,
  ) {
    this.pod = pod;
    this.uid = pod.metadata.uid!;
    this.namespace = pod.metadata.namespace!;
    this.name = pod.metadata.name!;
    this.qosClass = qosClassOf(pod);
    this.startTimeMs = ctx.api.clock.now();
    for (const spec of pod.spec?.initContainers ?? []) this.initContainers.push(this.newContainer(spec, true));
    for (const spec of pod.spec?.containers ?? []) this.containers.push(this.newContainer(spec, false));
    // Conditions already posted (a pod adopted from saved state) keep their transition times.
    for (const c of pod.status?.conditions ?? []) if (c?.type && c.lastTransitionTime) this.conditionTimes.set(c.type, { status: c.status, time: c.lastTransitionTime });
  }

  private get clock() {
    return this.ctx.api.clock;
  }

  private newContainer(spec: any, init: boolean): ContainerRuntime {
    const behaviour = readScriptedBehaviour(undefined, spec.env);
    const resources = parseContainerResources(spec.resources);
    return {
      name: spec.name,
      init,
      sidecar: init && spec.restartPolicy === "Always",
      spec,
      resources,
      ref: parseImageRef(String(spec.image ?? "")),
      behaviour,
      loadKey: loadKeyFor(`${this.uid}/${spec.name}`, resources, behaviour),
      phase: "waiting",
      waiting: { reason: init ? "PodInitializing" : this.pod.spec?.initContainers?.length ? "PodInitializing" : "ContainerCreating" },
      restartCount: 0,
      crashCount: 0,
      ready: false,
      completed: false,
      startupPassed: false,
      deadCpuSeconds: 0,
      readinessSuccesses: 0,
      readinessFailures: 0,
      livenessFailures: 0,
      pullBackoffMs: 0,
    };
  }

  /** Every container, init ones first (what cAdvisor and logs iterate). */
  allContainers(): ContainerRuntime[] {
    return [...this.initContainers, ...this.containers];
  }

  // ---------------------------------------------------------------- lifecycle

  start(): void {
    const existing = this.pod.status;
    if (existing?.podIP && existing.containerStatuses?.some((s: any) => s.state?.running)) {
      this.adopt();
      return;
    }
    this.startTimeMs = this.clock.now();
    this.allocateIp();
    if (this.initContainers.length === 0) this.initialized = true;
    this.writeStatus();
    if (this.pod.metadata.deletionTimestamp) {
      this.terminate();
      return;
    }
    this.runInit(0);
  }

  /** A pod already running when the simulator restarted from saved state: pick up where it was. */
  private adopt(): void {
    const status = this.pod.status;
    this.startTimeMs = status.startTime ? Date.parse(status.startTime) : this.clock.now();
    const octet = Number(String(status.podIP).split(".")[3]);
    if (status.podIP.startsWith(`${this.ctx.node.podNetPrefix}.`) && !this.ctx.node.usedIps.has(octet)) {
      this.ctx.node.usedIps.add(octet);
      this.ipOctet = octet;
      this.podIp = status.podIP;
    } else this.allocateIp();
    this.initialized = true;
    for (const c of this.initContainers) {
      c.completed = true;
      c.phase = "terminated";
      c.waiting = undefined;
    }
    for (const c of this.containers) {
      const s = (status.containerStatuses ?? []).find((x: any) => x.name === c.name);
      if (!s?.state?.running) {
        this.runContainer(c);
        continue;
      }
      c.restartCount = s.restartCount ?? 0;
      c.pulled = { digest: String(s.imageID ?? "").split("@")[1] ?? `sha256:${seededHex(c.ref.normalized, 64)}`, sizeBytes: 0, labels: {} };
      this.ctx.node.images.set(c.ref.normalized, c.pulled);
      this.adopting = true;
      this.launch(c, Date.parse(s.state.running.startedAt), String(s.containerID ?? "").replace(/^containerd:\/\//, "") || undefined);
      this.adopting = false;
      if (s.ready) c.ready = true;
      this.recoverImageLabels(c);
    }
    this.writeStatus();
    if (this.pod.metadata.deletionTimestamp) this.terminate();
  }

  /** Saved state keeps no image labels, so an adopted container fetches them again (quietly) to get back its
   *  scripted load level; until then it runs on its env alone. */
  private recoverImageLabels(c: ContainerRuntime): void {
    if (!this.registryMatches(c.ref)) return;
    const work = pullImage(c.ref, this.ctx.registryUrl!, this.pullCredentials(c.ref)).then(
      (image) => {
        if (this.disposed || c.phase !== "running") return;
        this.ctx.node.images.set(c.ref.normalized, image);
        this.useImage(c, image);
      },
      () => undefined,
    );
    this.ctx.track(work);
  }

  /** Credentials from the pod's imagePullSecrets, read at pull time as the kubelet does. */
  private pullCredentials(ref: ImageRef) {
    const secrets = (this.pod.spec?.imagePullSecrets ?? []).map((s: any) => this.ctx.api.get("secrets", this.namespace, s.name));
    return credentialsForHost(secrets, ref.host);
  }

  private allocateIp(): void {
    const node = this.ctx.node;
    if (this.pod.spec?.hostNetwork) {
      this.podIp = node.internalIp;
      return;
    }
    // Like host-local IPAM: the next free address after the last one handed out, .2 to .254 (.1 is the bridge).
    let octet = node.nextIpOctet;
    for (let i = 0; i < 253 && node.usedIps.has(octet); i++) octet = octet >= 254 ? 2 : octet + 1;
    node.usedIps.add(octet);
    node.nextIpOctet = octet >= 254 ? 2 : octet + 1;
    this.ipOctet = octet;
    this.podIp = `${node.podNetPrefix}.${octet}`;
  }

  private runInit(index: number): void {
    if (this.terminating) return;
    const next = this.initContainers[index];
    if (!next) {
      this.initialized = true;
      for (const c of this.containers) {
        if (c.waiting?.reason === "PodInitializing") c.waiting = { reason: "ContainerCreating" };
        this.runContainer(c);
      }
      this.writeStatus();
      return;
    }
    this.runContainer(next, () => this.runInit(index + 1));
  }

  /** Pull (if needed), then create and start the container; `onDone` runs when an init container completes
   *  (or, for a sidecar, once it has started). */
  private runContainer(c: ContainerRuntime, onDone?: () => void): void {
    if (onDone) this.onInitDone.set(c, onDone);
    this.ensureImage(c, () => {
      c.timer = this.clock.setTimeout(() => this.launch(c), this.ctx.timings.startMs);
    });
  }

  /** Continues the init chain once per init container, however often a sidecar restarts later. */
  private initDone(c: ContainerRuntime): void {
    const next = this.onInitDone.get(c);
    this.onInitDone.delete(c);
    next?.();
  }

  private pullPolicy(c: ContainerRuntime): string {
    if (c.spec.imagePullPolicy) return c.spec.imagePullPolicy;
    return !c.ref.digest && c.ref.tag === "latest" ? "Always" : "IfNotPresent";
  }

  private ensureImage(c: ContainerRuntime, then: () => void): void {
    if (!isValidImageRef(c.ref)) {
      const message = `Failed to apply default image tag "${c.spec.image}": couldn't parse image name "${c.spec.image}": invalid reference format`;
      c.waiting = { reason: "InvalidImageName", message };
      this.event("Warning", "InspectFailed", message);
      this.event("Warning", "Failed", "Error: InvalidImageName");
      this.writeStatus();
      return;
    }
    const policy = this.pullPolicy(c);
    const cached = this.ctx.node.images.get(c.ref.normalized);
    if (cached && policy !== "Always") {
      this.event("Normal", "Pulled", `Container image "${c.spec.image}" already present on machine`);
      this.useImage(c, cached);
      then();
      return;
    }
    if (policy === "Never") {
      const message = `Container image "${c.spec.image}" is not present with pull policy of Never`;
      c.waiting = { reason: "ErrImageNeverPull", message };
      this.event("Warning", "ErrImageNeverPull", message);
      this.writeStatus();
      return;
    }
    this.pull(c, then);
  }

  private useImage(c: ContainerRuntime, image: PulledImage): void {
    c.pulled = image;
    c.behaviour = readScriptedBehaviour(image.labels, c.spec.env);
    c.loadKey = loadKeyFor(`${this.uid}/${c.name}`, c.resources, c.behaviour);
  }

  private registryMatches(ref: ImageRef): boolean {
    if (!this.ctx.registryUrl) return false;
    try {
      return sameHost(new URL(this.ctx.registryUrl).host, ref.host);
    } catch {
      return false;
    }
  }

  private pull(c: ContainerRuntime, then: () => void): void {
    const startedMs = this.clock.now();
    this.event("Normal", "Pulling", `Pulling image "${c.spec.image}"`);
    let outcome: PulledImage | ImagePullError | undefined;
    let waited = false;
    const random = seededRandom(hashString(`${c.ref.normalized}/${this.ctx.node.name}/${startedMs}`));
    const pullMs = Math.round(this.ctx.timings.pullMs * (0.8 + random() * 0.5));
    const finish = () => {
      if (!outcome || !waited || this.disposed || this.terminating) return;
      if (outcome instanceof ImagePullError) {
        this.pullFailed(c, outcome, then);
        return;
      }
      const took = goDuration(this.clock.now() - startedMs);
      this.ctx.node.images.set(c.ref.normalized, outcome);
      this.useImage(c, outcome);
      c.pullBackoffMs = 0;
      this.event("Normal", "Pulled", `Successfully pulled image "${c.spec.image}" in ${took} (${took} including waiting). Image size: ${outcome.sizeBytes} bytes.`);
      then();
    };
    c.timer = this.clock.setTimeout(() => {
      waited = true;
      finish();
    }, pullMs);
    if (this.registryMatches(c.ref)) {
      const work = pullImage(c.ref, this.ctx.registryUrl!, this.pullCredentials(c.ref)).then(
        (image) => {
          outcome = image;
          finish();
        },
        (err) => {
          outcome = err instanceof ImagePullError ? err : new ImagePullError("Unavailable", `failed to pull and unpack image "${c.ref.normalized}": ${err?.message ?? err}`);
          finish();
        },
      );
      this.ctx.track(work);
    } else {
      // Images from other registries are treated as present upstream; their size and digest are invented.
      outcome = {
        digest: `sha256:${seededHex(c.ref.normalized, 64)}`,
        sizeBytes: 8_000_000 + Math.floor(seededRandom(hashString(c.ref.normalized))() * 180_000_000),
        labels: {},
      };
    }
  }

  private pullFailed(c: ContainerRuntime, err: ImagePullError, retry: () => void): void {
    c.waiting = { reason: "ErrImagePull", message: err.message };
    this.event("Warning", "Failed", `Failed to pull image "${c.spec.image}": ${err.message}`);
    this.event("Warning", "Failed", "Error: ErrImagePull");
    this.writeStatus();
    c.timer = this.clock.setTimeout(() => {
      c.pullBackoffMs = c.pullBackoffMs ? Math.min(c.pullBackoffMs * 2, MAX_BACKOFF_MS) : INITIAL_BACKOFF_MS;
      c.waiting = { reason: "ImagePullBackOff", message: `Back-off pulling image "${c.spec.image}": ErrImagePull: ${err.message}` };
      this.event("Normal", "BackOff", `Back-off pulling image "${c.spec.image}"`);
      this.event("Warning", "Failed", "Error: ImagePullBackOff");
      this.writeStatus();
      c.timer = this.clock.setTimeout(() => this.pull(c, retry), c.pullBackoffMs);
    }, this.ctx.timings.syncMs);
  }

  private linesPerSecond(c: ContainerRuntime): number {
    return Math.min(20, Math.max(0.05, c.loadKey.cpuMillicores / 100));
  }

  /** Creates and starts a new instance of the container (also used to adopt a running one). */
  private launch(c: ContainerRuntime, startedMs = this.clock.now(), adoptedId?: string): void {
    if (this.terminating || this.disposed) return;
    const adopting = adoptedId !== undefined || startedMs !== this.clock.now();
    if (c.current) c.previous = c.current;
    c.current = {
      seed: `${this.uid}/${c.name}/${c.restartCount}`,
      containerId: adoptedId ?? seededHex(`${this.uid}/${c.name}/${c.restartCount}`, 64),
      restartCount: c.restartCount,
      startMs: startedMs,
      linesPerSecond: this.linesPerSecond(c),
      podIp: this.podIp,
    };
    if (!adopting) {
      this.event("Normal", "Created", `Created container: ${c.name}`);
      this.event("Normal", "Started", `Started container ${c.name}`);
    }
    c.phase = "running";
    c.waiting = undefined;
    c.terminated = undefined;
    c.readinessSuccesses = 0;
    c.readinessFailures = 0;
    c.livenessFailures = 0;
    const runsLikeApp = !c.init || c.sidecar;
    const startup = runsLikeApp ? c.spec.startupProbe : undefined;
    c.startupPassed = !startup;
    c.ready = runsLikeApp && !startup && !c.spec.readinessProbe;
    const now = this.clock.now();
    // Readiness and liveness probes only begin once the startup probe has succeeded, as in the kubelet.
    if (startup) c.startupTimer = this.scheduleProbe(c, startup, startedMs, () => this.startupProbe(c));
    else if (runsLikeApp) this.startProbes(c, startedMs);
    const limit = c.resources.memoryLimitBytes;
    if (c.behaviour.memoryMiB !== undefined && limit !== undefined && c.behaviour.memoryMiB * 2 ** 20 > limit) {
      // A scripted working set above the memory limit cannot fit: the kernel kills it once it has grown.
      const at = startedMs + OOM_AFTER_MS;
      c.timer = this.clock.setTimeout(() => this.exited(c, 137, "killed", "OOMKilled"), Math.max(0, at - now));
    } else if (c.behaviour.crashAfterSeconds !== undefined) {
      const at = startedMs + c.behaviour.crashAfterSeconds * 1000;
      c.timer = this.clock.setTimeout(() => this.exited(c, c.behaviour.exitCode), Math.max(0, at - now));
    } else if (c.init && !c.sidecar) {
      c.timer = this.clock.setTimeout(() => this.exited(c, 0), this.ctx.timings.initRunMs);
    }
    this.writeStatus();
    if (c.sidecar) this.initDone(c);
  }

  private scheduleProbe(c: ContainerRuntime, probe: any, startedMs: number, run: () => void): Timer {
    const periodMs = Math.max(1, probe.periodSeconds ?? 10) * 1000;
    const firstAt = startedMs + Math.max(0, probe.initialDelaySeconds ?? 0) * 1000;
    let interval: Timer | undefined;
    const first = this.clock.setTimeout(() => {
      interval = this.clock.setInterval(run, periodMs);
      run();
    }, Math.max(0, firstAt - this.clock.now()));
    return {
      cancel: () => {
        first.cancel();
        interval?.cancel();
      },
    };
  }

  private startProbes(c: ContainerRuntime, fromMs: number): void {
    if (c.spec.readinessProbe) c.readinessTimer = this.scheduleProbe(c, c.spec.readinessProbe, fromMs, () => this.readinessProbe(c));
    if (c.spec.livenessProbe && c.behaviour.failLiveness) c.livenessTimer = this.scheduleProbe(c, c.spec.livenessProbe, fromMs, () => this.livenessProbe(c));
  }

  /** Startup probes have no scripted failure: the first one succeeds and hands over to the other probes. */
  private startupProbe(c: ContainerRuntime): void {
    if (c.phase !== "running" || this.terminating || c.startupPassed) return;
    c.startupPassed = true;
    c.startupTimer?.cancel();
    c.startupTimer = undefined;
    if (!c.spec.readinessProbe) c.ready = true;
    this.startProbes(c, this.clock.now());
    this.writeStatus();
  }

  private probeFailure(c: ContainerRuntime, probe: any, liveness: boolean): string {
    if (probe.tcpSocket) return `dial tcp ${this.podIp}:${probe.tcpSocket.port}: connect: connection refused`;
    if (probe.exec) return `command ${JSON.stringify((probe.exec.command ?? []).join(" "))} exited with 1`;
    if (probe.grpc) return `timeout: failed to connect service ":${probe.grpc.port}" within 1s`;
    return `HTTP probe failed with statuscode: ${liveness ? 500 : 503}`;
  }

  private readinessProbe(c: ContainerRuntime): void {
    if (c.phase !== "running" || this.terminating) return;
    const probe = c.spec.readinessProbe;
    const elapsedMs = this.clock.now() - c.current!.startMs;
    const passes = !c.behaviour.failReadiness && elapsedMs >= c.behaviour.readyAfterSeconds * 1000;
    if (passes) {
      c.readinessFailures = 0;
      c.readinessSuccesses++;
      if (!c.ready && c.readinessSuccesses >= (probe.successThreshold ?? 1)) {
        c.ready = true;
        this.writeStatus();
        // Scripted readiness never regresses, so further probes could not change anything: stop them.
        c.readinessTimer?.cancel();
        c.readinessTimer = undefined;
      }
      return;
    }
    c.readinessSuccesses = 0;
    c.readinessFailures++;
    this.event("Warning", "Unhealthy", `Readiness probe failed: ${this.probeFailure(c, probe, false)}`);
    if (c.ready && c.readinessFailures >= (probe.failureThreshold ?? 3)) {
      c.ready = false;
      this.writeStatus();
    }
  }

  private livenessProbe(c: ContainerRuntime): void {
    if (c.phase !== "running" || this.terminating) return;
    const probe = c.spec.livenessProbe;
    c.livenessFailures++;
    this.event("Warning", "Unhealthy", `Liveness probe failed: ${this.probeFailure(c, probe, true)}`);
    if (c.livenessFailures >= (probe.failureThreshold ?? 3)) {
      this.event("Normal", "Killing", `Container ${c.name} failed liveness probe, will be restarted`);
      this.exited(c, 137);
    }
  }

  private stopTimers(c: ContainerRuntime): void {
    c.timer?.cancel();
    c.readinessTimer?.cancel();
    c.livenessTimer?.cancel();
    c.startupTimer?.cancel();
    c.timer = c.readinessTimer = c.livenessTimer = c.startupTimer = undefined;
  }

  /** The running instance ends: record it, then restart it with back-off or leave it terminated. */
  private exited(c: ContainerRuntime, exitCode: number, endReason: LogInstance["endReason"] = exitCode === 0 ? undefined : "crash", reason?: string): void {
    if (c.phase !== "running" || !c.current) return;
    this.stopTimers(c);
    const now = this.clock.now();
    const instance = c.current;
    instance.endMs = now;
    instance.endReason = endReason;
    instance.exitCode = exitCode;
    c.deadCpuSeconds += cpuSecondsBetween(c.loadKey, instance.startMs, now);
    const state: TerminatedState = {
      exitCode,
      reason: reason ?? (exitCode === 0 ? "Completed" : "Error"),
      startedAt: isoAt(instance.startMs),
      finishedAt: isoAt(now),
      containerID: `containerd://${instance.containerId}`,
    };
    c.ready = false;
    if (this.terminating) {
      c.phase = "terminated";
      c.terminated = state;
      return;
    }
    const policy = this.pod.spec?.restartPolicy ?? "Always";
    if (c.init && !c.sidecar && exitCode === 0) {
      c.phase = "terminated";
      c.terminated = state;
      c.completed = true;
      c.ready = true;
      this.writeStatus();
      this.initDone(c);
      return;
    }
    const restart = c.sidecar || policy === "Always" || (exitCode !== 0 && (policy === "OnFailure" || c.init));
    if (!restart) {
      c.phase = "terminated";
      c.terminated = state;
      this.writeStatus();
      return;
    }
    // The kubelet forgets the back-off once a container ran well past the maximum back-off.
    if (now - instance.startMs > 2 * MAX_BACKOFF_MS) c.crashCount = 0;
    c.crashCount++;
    const delayMs = Math.min(INITIAL_BACKOFF_MS * 2 ** (c.crashCount - 1), MAX_BACKOFF_MS);
    c.phase = "waiting";
    c.lastTerminated = state;
    c.terminated = undefined;
    c.waiting = {
      reason: "CrashLoopBackOff",
      message: `back-off ${goDuration(delayMs)} restarting failed container=${c.name} pod=${this.name}_${this.namespace}(${this.uid})`,
    };
    this.event("Warning", "BackOff", `Back-off restarting failed container ${c.name} in pod ${this.name}_${this.namespace}(${this.uid})`);
    this.writeStatus();
    c.timer = this.clock.setTimeout(() => {
      c.restartCount++;
      this.ensureImage(c, () => this.launch(c));
    }, delayMs);
  }

  // ---------------------------------------------------------------- termination

  /** The pod got a deletionTimestamp: run preStop hooks, stop containers within the grace period, delete. */
  terminate(): void {
    if (this.terminating || this.disposed) return;
    this.terminating = true;
    const graceSeconds = this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
    let running = 0;
    for (const c of this.allContainers()) {
      this.stopTimers(c);
      if (c.phase !== "running") continue;
      running++;
      const stopSeconds = this.preStopSeconds(c) + c.behaviour.shutdownSeconds;
      this.event("Normal", "Killing", `Stopping container ${c.name}`);
      const killed = stopSeconds >= graceSeconds;
      const delayMs = (killed ? graceSeconds : stopSeconds) * 1000;
      c.timer = this.clock.setTimeout(() => {
        this.exited(c, killed ? 137 : 0, killed ? "killed" : "signal");
        if (this.allContainers().every((x) => x.phase !== "running")) this.finish();
      }, delayMs);
    }
    // A pod that never got a container running has nothing to stop.
    if (running === 0) this.finish();
    else this.writeStatus();
  }

  private preStopSeconds(c: ContainerRuntime): number {
    const hook = c.spec.lifecycle?.preStop;
    if (!hook) return 0;
    if (hook.sleep) return Number(hook.sleep.seconds) || 0;
    if (hook.exec) {
      const m = /\bsleep\s+(\d+(?:\.\d+)?)/.exec((hook.exec.command ?? []).join(" "));
      if (m) return Number(m[1]);
    }
    return c.behaviour.preStopSeconds ?? 0;
  }

  private finish(): void {
    this.finished = true;
    for (const c of this.allContainers()) if (c.phase === "waiting") c.waiting = { reason: c.waiting?.reason ?? "ContainerCreating", message: c.waiting?.message };
    if (!this.ctx.node.running) return; // completed when the node comes back (resync)
    this.writeStatus();
    try {
      this.ctx.api.delete("pods", this.namespace, this.name, { gracePeriodSeconds: 0, preconditions: { uid: this.uid } });
    } catch {
      // Already gone (force-deleted) or replaced by a pod with the same name: nothing left to do.
    }
  }

  /** The node is back after an outage: post the current state, finish deletions that waited. */
  resync(): void {
    if (this.disposed) return;
    if (this.finished) this.finish();
    else this.writeStatus();
  }

  /** A newer version of the pod was committed (events arrive after the fact, so never go backwards). */
  update(pod: KObject): void {
    const incoming = Number(pod.metadata.resourceVersion);
    const known = Number(this.pod.metadata.resourceVersion);
    if (!(incoming < known)) this.pod = pod;
    if (pod.metadata.deletionTimestamp && !this.terminating) this.terminate();
  }

  /** The pod object is gone: drop timers, return the IP, keep the CPU it used in the node's counters. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const now = this.clock.now();
    for (const c of this.allContainers()) {
      this.stopTimers(c);
      this.ctx.node.deadCpuSeconds += c.deadCpuSeconds + (c.phase === "running" && c.current ? cpuSecondsBetween(c.loadKey, c.current.startMs, now) : 0);
    }
    if (this.ipOctet !== undefined) this.ctx.node.usedIps.delete(this.ipOctet);
  }

  // ---------------------------------------------------------------- status

  private event(type: "Normal" | "Warning", reason: string, message: string): void {
    if (!this.ctx.node.running || this.disposed) return;
    this.ctx.api.recordEvent(this.pod, type, reason, message, "kubelet");
  }

  private setCondition(type: string, status: string): string {
    const old = this.conditionTimes.get(type);
    if (old && old.status === status) return old.time;
    const time = rfc3339(this.clock);
    this.conditionTimes.set(type, { status, time });
    return time;
  }

  private containerStatus(c: ContainerRuntime): any {
    let state: any;
    if (c.phase === "running") state = { running: { startedAt: isoAt(c.current!.startMs) } };
    else if (c.phase === "terminated" && c.terminated) state = { terminated: c.terminated };
    else state = { waiting: c.waiting?.message ? { reason: c.waiting.reason, message: c.waiting.message } : { reason: c.waiting?.reason ?? "ContainerCreating" } };
    const status: any = {
      name: c.name,
      state,
      lastState: c.lastTerminated ? { terminated: c.lastTerminated } : {},
      ready: c.ready,
      restartCount: c.restartCount,
      image: c.pulled ? c.ref.normalized : c.spec.image,
      imageID: c.pulled ? `${c.ref.host}/${c.ref.repository}@${c.pulled.digest}` : "",
    };
    if (c.current) status.containerID = `containerd://${c.current.containerId}`;
    status.started = c.phase === "running" && c.startupPassed;
    return status;
  }

  private phase(): string {
    const policy = this.pod.spec?.restartPolicy ?? "Always";
    const all = this.containers;
    const allTerminated = all.length > 0 && all.every((c) => c.phase === "terminated");
    if (allTerminated && (this.terminating || policy !== "Always")) {
      const failed = all.some((c) => (c.terminated?.exitCode ?? 0) !== 0);
      if (failed && policy === "OnFailure" && !this.terminating) return "Running";
      return failed ? "Failed" : "Succeeded";
    }
    if (!this.initialized || all.some((c) => !c.current)) return "Pending";
    return "Running";
  }

  buildStatus(): any {
    const now = rfc3339(this.clock);
    const incompleteInit = this.initContainers.filter((c) => !c.sidecar && !c.completed).map((c) => c.name);
    const sidecarsNotReady = this.initContainers.filter((c) => c.sidecar && !c.ready).map((c) => c.name);
    const unready = [...sidecarsNotReady, ...this.containers.filter((c) => !c.ready).map((c) => c.name)];
    const ready = unready.length === 0 && this.containers.length > 0;
    const sandboxReady = !this.finished;
    const existing: any[] = this.pod.status?.conditions ?? [];
    const scheduled = existing.find((c) => c.type === "PodScheduled");
    const owned = new Set(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]);
    const notReadyReason = this.phase() === "Succeeded" || this.phase() === "Failed" ? "PodCompleted" : "ContainersNotReady";
    const readyCondition = (type: string) => ({
      type,
      status: ready ? "True" : "False",
      lastProbeTime: null,
      lastTransitionTime: this.setCondition(type, ready ? "True" : "False"),
      ...(ready ? {} : { reason: notReadyReason, message: `containers with unready status: [${unready.join(" ")}]` }),
    });
    const conditions: any[] = [
      { type: "PodReadyToStartContainers", status: sandboxReady ? "True" : "False", lastProbeTime: null, lastTransitionTime: this.setCondition("PodReadyToStartContainers", sandboxReady ? "True" : "False") },
      {
        type: "Initialized",
        status: incompleteInit.length ? "False" : "True",
        lastProbeTime: null,
        lastTransitionTime: this.setCondition("Initialized", incompleteInit.length ? "False" : "True"),
        ...(incompleteInit.length ? { reason: "ContainersNotInitialized", message: `containers with incomplete status: [${incompleteInit.join(" ")}]` } : {}),
      },
      readyCondition("Ready"),
      readyCondition("ContainersReady"),
      scheduled ?? { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: now },
      ...existing.filter((c) => !owned.has(c.type)),
    ];
    const status: any = {
      phase: this.phase(),
      conditions,
      hostIP: this.ctx.node.internalIp,
      hostIPs: [{ ip: this.ctx.node.internalIp }],
      ...(this.podIp ? { podIP: this.podIp, podIPs: [{ ip: this.podIp }] } : {}),
      startTime: isoAt(this.startTimeMs),
      ...(this.initContainers.length ? { initContainerStatuses: this.initContainers.map((c) => this.containerStatus(c)) } : {}),
      containerStatuses: this.containers.map((c) => this.containerStatus(c)),
      qosClass: this.qosClass,
    };
    return status;
  }

  writeStatus(): void {
    if (this.disposed || this.adopting || !this.ctx.node.running) return;
    const current = this.ctx.api.get("pods", this.namespace, this.name);
    if (!current || current.metadata.uid !== this.uid) return;
    this.pod = current;
    try {
      // Fields other writers own (nominatedNodeName, resize, …) survive; the kubelet owns the rest.
      this.pod = this.ctx.api.update("pods", { ...current, status: { ...(current.status ?? {}), ...this.buildStatus() } }, { subresource: "status" });
    } catch {
      // A concurrent writer won; the next transition writes again from fresh state.
    }
  }
}
