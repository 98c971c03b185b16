// The simulated kubelets of the cluster, one per Node object: they register their nodes, renew leases,
// post node status, run the pods bound to them (PodRunner), and answer what the API server proxies to a
// kubelet (logs, cAdvisor and resource metrics). The node-lifecycle controller's reaction to a silent
// kubelet (NotReady, unreachable taints, eviction after tolerationSeconds) lives here too, because the
// hub is the one place that knows when a kubelet stopped.

import { StatusError } from "../core/types";
import type { ClusterApi, Controller, KObject, KubeletHub, LogOptions, NodeMetricsItem, PodMetricsItem, WatchEvent } from "../core/types";
import { rfc3339 } from "../core/clock";
import { formatLogLine, linesBetween, readLogLines } from "./container-logs";
import type { LogInstance } from "./container-logs";
import { nodeMetricsOf, podMetricsOf, renderCadvisor, renderResourceMetrics } from "./node-metrics";
import { createNodeRuntime, newNodeObject, nodeLabels, nodeStatus, unknownConditions } from "./node-runtime";
import type { NodeRuntime } from "./node-runtime";
import { PodRunner } from "./pod-runner";
import type { ContainerRuntime, KubeletTimings, PodRunnerContext } from "./pod-runner";

export interface KubeletOptions {
  nodes: number;
  nodeCpuMillicores?: number;
  nodeMemoryMiB?: number;
  maxPods?: number;
  /** Images whose registry host matches this URL's host are resolved against it; others count as present. */
  registryUrl?: string;
  timings?: Partial<KubeletTimings>;
  /** Accepted for reproducibility; all simulated values are already seeded by node names and pod uids. */
  seed?: number;
}

export interface SimulatedKubelets extends KubeletHub, Controller {
  /** Resolves once no registry request is in flight (tests use it between clock steps). */
  whenIdle(): Promise<void>;
  /** The in-memory runtime of a node (tests and the debug endpoints). */
  node(name: string): NodeRuntime | undefined;
}

export const DEFAULT_TIMINGS: KubeletTimings = {
  pullMs: 1000,
  startMs: 500,
  initRunMs: 1000,
  heartbeatMs: 10_000,
  nodeStatusMs: 40_000,
  nodeGraceMs: 40_000,
  monitorMs: 5_000,
  syncMs: 1000,
};

const LEASE_NAMESPACE = "kube-node-lease";
const UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
const DEFAULT_TOLERATION_SECONDS = 300;
const HEARTBEAT_BUCKETS = 10;

function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "000Z");
}

export function startKubelets(api: ClusterApi, options: KubeletOptions): SimulatedKubelets {
  const clock = api.clock;
  const timings: KubeletTimings = { ...DEFAULT_TIMINGS, ...(options.timings ?? {}) };
  const nodes = new Map<string, NodeRuntime>();
  const runners = new Map<string, PodRunner>();
  const inflight = new Set<Promise<unknown>>();
  // Without a Lease resource (a minimal API layer) nodes still heartbeat through their status.
  let leasesSupported = true;
  try {
    api.info("leases");
  } catch {
    leasesSupported = false;
  }
  let stopped = false;

  const contexts = new Map<string, PodRunnerContext>();
  const contextOf = (node: NodeRuntime): PodRunnerContext => {
    let ctx = contexts.get(node.name);
    if (!ctx) {
      ctx = {
        api,
        timings,
        registryUrl: options.registryUrl,
        node,
        track(work) {
          inflight.add(work);
          void work.finally(() => inflight.delete(work));
        },
      };
      contexts.set(node.name, ctx);
    }
    return ctx;
  };

  // ------------------------------------------------------------------ nodes, leases, heartbeats

  const ensureLeaseNamespace = () => {
    try {
      if (!api.get("namespaces", undefined, LEASE_NAMESPACE)) api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: LEASE_NAMESPACE } });
    } catch {
      // The API layer may create system namespaces itself, or not serve namespaces to us: leases decide.
    }
  };

  const renewLease = (node: NodeRuntime) => {
    node.lastLeaseRenewMs = clock.now();
    if (!leasesSupported) return;
    try {
      const lease = api.get("leases", LEASE_NAMESPACE, node.name);
      const renewTime = microTime(clock.now());
      if (lease) {
        api.update("leases", { ...lease, spec: { ...lease.spec, holderIdentity: node.name, renewTime } });
      } else {
        const nodeObj = api.get("nodes", undefined, node.name);
        api.create("leases", {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: {
            name: node.name,
            namespace: LEASE_NAMESPACE,
            ...(nodeObj ? { ownerReferences: [{ apiVersion: "v1", kind: "Node", name: node.name, uid: nodeObj.metadata.uid! }] } : {}),
          },
          spec: { holderIdentity: node.name, leaseDurationSeconds: Math.round(timings.nodeGraceMs / 1000), renewTime },
        });
      }
    } catch {
      // A conflict or a lease deleted meanwhile: the next heartbeat writes again.
    }
  };

  const postNodeStatus = (node: NodeRuntime) => {
    node.lastStatusMs = clock.now();
    const current = api.get("nodes", undefined, node.name);
    if (!current) return;
    try {
      api.update("nodes", { ...current, status: { ...nodeStatus(node, current.status, rfc3339(clock)) } }, { subresource: "status" });
    } catch {
      // Conflicts are retried on the next status period, as the kubelet does.
    }
  };

  const kubeletEvents = (nodeObj: KObject, reasons: string[]) => {
    const name = nodeObj.metadata.name!;
    const messages: Record<string, string> = {
      Starting: "Starting kubelet.",
      NodeAllocatableEnforced: "Updated Node Allocatable limit across pods",
    };
    for (const reason of reasons) api.recordEvent(nodeObj, "Normal", reason, messages[reason] ?? `Node ${name} status is now: ${reason}`, "kubelet");
  };

  /** Registers (or adopts) the Node object, as the kubelet does on start. */
  const register = (node: NodeRuntime) => {
    node.registered = true;
    const existing = api.get("nodes", undefined, node.name);
    if (!existing) {
      try {
        const created = api.create("nodes", newNodeObject(node, rfc3339(clock)));
        kubeletEvents(created, ["Starting", "NodeAllocatableEnforced", "NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID", "NodeReady"]);
        api.recordEvent(created, "Normal", "RegisteredNode", `Node ${node.name} event: Registered Node ${node.name} in Controller`, "node-controller");
      } catch {
        // Created concurrently (another start on the same state): adopt it below.
      }
    }
    postNodeStatus(node);
    const adopted = api.get("nodes", undefined, node.name);
    if (adopted?.spec?.taints?.some((t: any) => t.key === UNREACHABLE_TAINT)) removeUnreachableTaints(node);
    renewLease(node);
  };

  const registerNode = (index: number) => {
    const node = createNodeRuntime(index, options.nodeCpuMillicores ?? 8000, (options.nodeMemoryMiB ?? 32768) * 1024 * 1024, options.maxPods ?? 110, clock.now());
    nodes.set(node.name, node);
    register(node);
  };

  /** The Node object was deleted: pod GC force-deletes the pods bound to it, and the kubelet goes quiet. */
  const nodeDeleted = (node: NodeRuntime) => {
    node.registered = false;
    node.unreachableSinceMs = undefined;
    for (const runner of [...node.pods.values()]) {
      try {
        api.delete("pods", runner.namespace, runner.name, { gracePeriodSeconds: 0, preconditions: { uid: runner.uid } });
      } catch {
        // Already gone.
      }
    }
  };

  const setTaints = (nodeName: string, change: (taints: any[]) => any[]) => {
    const current = api.get("nodes", undefined, nodeName);
    if (!current) return;
    const taints = change([...(current.spec?.taints ?? [])]);
    const spec = { ...(current.spec ?? {}) };
    if (taints.length) spec.taints = taints;
    else delete spec.taints;
    try {
      api.update("nodes", { ...current, spec });
    } catch {
      // Retried by the next monitor pass.
    }
  };

  const removeUnreachableTaints = (node: NodeRuntime) => setTaints(node.name, (taints) => taints.filter((t) => t.key !== UNREACHABLE_TAINT));

  /** A pod as the node-lifecycle controller sees it: the runner's view for our nodes, the stored object otherwise. */
  interface BoundPod {
    namespace: string;
    name: string;
    uid: string;
    pod: KObject;
  }
  const podsOf = (node: NodeRuntime): BoundPod[] => [...node.pods.values()].map((r) => ({ namespace: r.namespace, name: r.name, uid: r.uid, pod: r.pod }));
  const podsBoundTo = (nodeName: string): BoundPod[] =>
    api
      .list("pods")
      .filter((p) => p.spec?.nodeName === nodeName)
      .map((p) => ({ namespace: p.metadata.namespace!, name: p.metadata.name!, uid: p.metadata.uid!, pod: p }));

  /** Ready=Unknown, unreachable taints and MarkPodsNotReady, as the node-lifecycle controller does. */
  const markUnreachable = (nodeName: string, pods: BoundPod[]): boolean => {
    const current = api.get("nodes", undefined, nodeName);
    if (!current) return false;
    const now = rfc3339(clock);
    try {
      api.update("nodes", { ...current, status: { ...current.status, conditions: unknownConditions(current.status?.conditions, now) } }, { subresource: "status" });
    } catch {
      return false; // try again next pass
    }
    setTaints(nodeName, (taints) => [
      ...taints.filter((t) => t.key !== UNREACHABLE_TAINT),
      { key: UNREACHABLE_TAINT, effect: "NoSchedule", timeAdded: now },
      { key: UNREACHABLE_TAINT, effect: "NoExecute", timeAdded: now },
    ]);
    api.recordEvent(current, "Normal", "NodeNotReady", `Node ${nodeName} status is now: NodeNotReady`, "node-controller");
    // MarkPodsNotReady: endpoints stop sending traffic to pods on a node nobody hears from.
    for (const ref of pods) {
      const pod = api.get("pods", ref.namespace, ref.name);
      if (!pod || pod.metadata.uid !== ref.uid) continue;
      const conditions = (pod.status?.conditions ?? []).map((c: any) => (c.type === "Ready" && c.status !== "False" ? { ...c, status: "False", lastTransitionTime: now } : c));
      try {
        api.update("pods", { ...pod, status: { ...pod.status, conditions } }, { subresource: "status" });
        api.recordEvent(pod, "Warning", "NodeNotReady", "Node is not ready", "node-controller");
      } catch {
        // The pod changed or went away meanwhile.
      }
    }
    return true;
  };

  const tolerationSeconds = (pod: KObject): number | undefined => {
    const match = (pod.spec?.tolerations ?? []).find(
      (t: any) => (t.key === UNREACHABLE_TAINT || (t.key === undefined && t.operator === "Exists")) && (t.effect === undefined || t.effect === "" || t.effect === "NoExecute"),
    );
    if (!match) return DEFAULT_TOLERATION_SECONDS; // what the DefaultTolerationSeconds admission plugin adds
    return match.tolerationSeconds === undefined ? undefined : Math.max(0, Number(match.tolerationSeconds));
  };

  /** The taint-eviction controller: delete pods whose toleration of the unreachable taint ran out. */
  const evictExpired = (sinceMs: number, pods: BoundPod[]) => {
    for (const ref of pods) {
      if (ref.pod.metadata.deletionTimestamp) continue;
      const seconds = tolerationSeconds(ref.pod);
      if (seconds === undefined || clock.now() - sinceMs < seconds * 1000) continue;
      try {
        api.recordEvent(ref.pod, "Normal", "TaintManagerEviction", `Marking for deletion Pod ${ref.namespace}/${ref.name}`, "taint-eviction-controller");
        // Since 1.26 the eviction first marks the pod with a DisruptionTarget condition, as `kubectl describe` shows.
        const pod = api.get("pods", ref.namespace, ref.name);
        if (pod && pod.metadata.uid === ref.uid) {
          const conditions = (pod.status?.conditions ?? []).filter((c: any) => c.type !== "DisruptionTarget");
          conditions.push({
            type: "DisruptionTarget",
            status: "True",
            lastProbeTime: null,
            lastTransitionTime: rfc3339(clock),
            reason: "DeletionByTaintManager",
            message: "Taint manager: deleting due to NoExecute taint",
          });
          api.update("pods", { ...pod, status: { ...pod.status, conditions } }, { subresource: "status" });
        }
        api.delete("pods", ref.namespace, ref.name, { preconditions: { uid: ref.uid } });
      } catch {
        // Already gone.
      }
    }
  };

  // Node objects no kubelet of this hub runs (created by hand, or left from a larger saved cluster): nothing
  // heartbeats for them, so the node-lifecycle controller must notice that too.
  const foreignNodes = new Set<string>();
  const foreignUnreachableSince = new Map<string, number>();
  const lastHeartbeatMs = (node: KObject): number => {
    const ready = (node.status?.conditions ?? []).find((c: any) => c.type === "Ready");
    const lease = leasesSupported ? api.get("leases", LEASE_NAMESPACE, node.metadata.name!) : undefined;
    return Math.max(Date.parse(ready?.lastHeartbeatTime ?? "") || 0, Date.parse(lease?.spec?.renewTime ?? "") || 0, Date.parse(node.metadata.creationTimestamp ?? "") || 0);
  };
  const checkForeignNodes = () => {
    for (const name of foreignNodes) {
      const since = foreignUnreachableSince.get(name);
      if (since !== undefined) {
        evictExpired(since, podsBoundTo(name));
        continue;
      }
      const node = api.get("nodes", undefined, name);
      if (!node) continue;
      const ready = (node.status?.conditions ?? []).find((c: any) => c.type === "Ready");
      if (ready?.status === "Unknown") foreignUnreachableSince.set(name, Date.parse(ready.lastTransitionTime ?? "") || clock.now());
      else if (clock.now() - lastHeartbeatMs(node) > timings.nodeGraceMs && markUnreachable(name, podsBoundTo(name))) foreignUnreachableSince.set(name, clock.now());
    }
  };

  let tick = 0;
  const heartbeat = clock.setInterval(
    () => {
      const bucket = tick++ % HEARTBEAT_BUCKETS;
      const now = clock.now();
      for (const node of nodes.values()) {
        if (!node.running || !node.registered || node.index % HEARTBEAT_BUCKETS !== bucket) continue;
        renewLease(node);
        if (now - node.lastStatusMs >= timings.nodeStatusMs) postNodeStatus(node);
      }
    },
    Math.max(1, timings.heartbeatMs / HEARTBEAT_BUCKETS),
  );

  const monitor = clock.setInterval(() => {
    const now = clock.now();
    for (const node of nodes.values()) {
      if (!node.registered) continue;
      if (node.unreachableSinceMs === undefined) {
        if (now - node.lastLeaseRenewMs > timings.nodeGraceMs && markUnreachable(node.name, podsOf(node))) node.unreachableSinceMs = now;
      } else evictExpired(node.unreachableSinceMs, podsOf(node));
    }
    if (foreignNodes.size) checkForeignNodes();
  }, timings.monitorMs);

  // ------------------------------------------------------------------ pods

  const handlePod = (type: WatchEvent["type"], obj: KObject) => {
    if (stopped) return;
    const uid = obj.metadata.uid!;
    if (type === "DELETED") {
      const runner = runners.get(uid);
      if (!runner) return;
      runner.dispose();
      runners.delete(uid);
      nodes.get(obj.spec?.nodeName ?? "")?.pods.delete(uid);
      return;
    }
    const existing = runners.get(uid);
    if (existing) {
      // Most of these events are the runner's own status writes; only a deletion needs a reaction.
      existing.update(obj);
      return;
    }
    const node = nodes.get(obj.spec?.nodeName ?? "");
    if (!node || !node.registered) return;
    const latest = api.get("pods", obj.metadata.namespace, obj.metadata.name!);
    if (!latest || latest.metadata.uid !== uid || latest.spec?.nodeName !== node.name) return;
    const phase = latest.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") {
      // A finished pod from saved state: nothing to run; complete its deletion if one was asked for.
      if (latest.metadata.deletionTimestamp && node.running) {
        try {
          api.delete("pods", latest.metadata.namespace, latest.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid } });
        } catch {
          // gone
        }
      }
      return;
    }
    const runner = new PodRunner(contextOf(node), latest);
    runners.set(uid, runner);
    node.pods.set(uid, runner);
    runner.start();
  };

  ensureLeaseNamespace();
  for (let i = 1; i <= options.nodes; i++) registerNode(i);
  const unsubscribeNodes = api.subscribe("nodes", (event) => {
    const name = event.object.metadata.name!;
    const node = nodes.get(name);
    if (!node) {
      if (event.type === "DELETED") {
        foreignNodes.delete(name);
        foreignUnreachableSince.delete(name);
      } else if (event.type === "ADDED" || event.type === "MODIFIED") {
        foreignNodes.add(name);
        // A foreign node that became Ready again (someone posts its status) is judged afresh.
        if ((event.object.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True")) foreignUnreachableSince.delete(name);
      }
      return;
    }
    if (event.type === "DELETED") queueMicrotask(() => !stopped && nodeDeleted(node));
  });
  for (const n of api.list("nodes")) if (!nodes.has(n.metadata.name!)) foreignNodes.add(n.metadata.name!);
  const unsubscribe = api.subscribe("pods", (event) => {
    const { type, object } = event;
    if (type === "BOOKMARK" || type === "ERROR") return;
    // Handlers run inside the API's commit; writing from here would nest commits, so act right after it.
    queueMicrotask(() => handlePod(type, object));
  });
  for (const pod of api.list("pods")) if (nodes.has(pod.spec?.nodeName ?? "")) handlePod("ADDED", pod);

  // ------------------------------------------------------------------ the KubeletHub surface

  const nodeOrThrow = (name: string): NodeRuntime => {
    const node = nodes.get(name);
    if (!node || !node.registered) throw new StatusError(404, "NotFound", `nodes "${name}" not found`, { name, kind: "nodes" });
    return node;
  };

  const unavailable = () => new StatusError(503, "ServiceUnavailable", "the server is currently unable to handle the request");

  const metricsText = (name: string, render: (node: NodeRuntime, nowMs: number) => string): Promise<string> => {
    let node: NodeRuntime;
    try {
      node = nodeOrThrow(name);
    } catch (err) {
      return Promise.reject(err);
    }
    if (!node.running) return Promise.reject(unavailable());
    if (node.cadvisorHang) return new Promise((resolve, reject) => node.hangWaiters.push(() => (node.running ? resolve(render(node, clock.now())) : reject(unavailable()))));
    return Promise.resolve(render(node, clock.now()));
  };

  const waitingText = (c: ContainerRuntime | undefined): string => {
    const reason = c?.waiting?.reason ?? "ContainerCreating";
    return reason === "ErrImagePull" || reason === "ImagePullBackOff" ? "trying and failing to pull image" : reason;
  };

  const logs: KubeletHub["logs"] = (namespace, podName, opts: LogOptions) => {
    const pod = api.get("pods", namespace, podName);
    if (!pod) throw new StatusError(404, "NotFound", `pods "${podName}" not found`, { name: podName, kind: "pods" });
    const names: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
    const initNames: string[] = (pod.spec?.initContainers ?? []).map((c: any) => c.name);
    let container = opts.container;
    if (!container) {
      if (names.length !== 1) {
        const init = initNames.length ? ` or one of the init containers: [${initNames.join(" ")}]` : "";
        throw new StatusError(400, "BadRequest", `a container name must be specified for pod ${podName}, choose one of: [${names.join(" ")}]${init}`);
      }
      container = names[0];
    }
    if (!names.includes(container) && !initNames.includes(container)) throw new StatusError(400, "BadRequest", `container ${container} is not valid for pod ${podName}`);
    const runner = runners.get(pod.metadata.uid!);
    const host = runner ? nodes.get(pod.spec?.nodeName) : undefined;
    if (host && !host.running) {
      // The API server proxies logs from the kubelet; a stopped kubelet answers nothing.
      throw new StatusError(
        500,
        "InternalError",
        `Get "https://${host.internalIp}:10250/containerLogs/${namespace}/${podName}/${container}": dial tcp ${host.internalIp}:10250: connect: no route to host`,
      );
    }
    const c = runner?.allContainers().find((x) => x.name === container);
    const now = clock.now();
    if (opts.previous) {
      // The kubelet serves lastState's container: while crash-looping that is the instance that just died.
      const previous = c?.phase === "running" ? c.previous : c?.lastTerminated ? c.current : undefined;
      if (!previous) throw new StatusError(400, "BadRequest", `previous terminated container "${container}" in pod "${podName}" not found`);
      return { lines: readLogLines(previous, now, opts) };
    }
    if (!c?.current) throw new StatusError(400, "BadRequest", `container "${container}" in pod "${podName}" is waiting to start: ${waitingText(c)}`);
    const instance: LogInstance = c.current;
    const lines = readLogLines(instance, now, opts);
    if (!opts.follow || instance.endMs !== undefined) return { lines };
    return {
      lines,
      follow: (onLine, onEnd) => {
        let lastMs = now;
        let ended = false;
        const poll = clock.setInterval(() => {
          const t = clock.now();
          for (const line of linesBetween(instance, lastMs, t)) onLine(formatLogLine(line, opts.timestamps));
          lastMs = t;
          if (instance.endMs !== undefined || runner!.disposed || stopped) {
            poll.cancel();
            if (!ended) {
              ended = true;
              onEnd();
            }
          }
        }, 1000);
        return () => {
          ended = true;
          poll.cancel();
        };
      },
    };
  };

  const hub: SimulatedKubelets = {
    logs,
    cadvisor: (name) => metricsText(name, renderCadvisor),
    resourceMetrics: (name) => metricsText(name, renderResourceMetrics),
    podMetrics(namespace?: string): PodMetricsItem[] {
      const now = clock.now();
      const items: PodMetricsItem[] = [];
      for (const node of nodes.values()) if (node.running && node.registered) items.push(...podMetricsOf(node, now, namespace));
      return items;
    },
    nodeMetrics(): NodeMetricsItem[] {
      const now = clock.now();
      return [...nodes.values()].filter((n) => n.running && n.registered).map((n) => nodeMetricsOf(n, nodeLabels(n), now));
    },
    setNodeRunning(name, running) {
      const node = nodes.get(name);
      if (!node) throw new StatusError(404, "NotFound", `nodes "${name}" not found`, { name, kind: "nodes" });
      if (node.running === running) return;
      node.running = running;
      if (!running) return;
      // The kubelet is back: it registers again if its Node was deleted meanwhile, heartbeats at once and
      // posts Ready; the node-lifecycle controller then lifts the taints.
      const wasUnreachable = node.unreachableSinceMs !== undefined;
      if (!node.registered || !api.get("nodes", undefined, node.name)) register(node);
      else {
        renewLease(node);
        postNodeStatus(node);
      }
      const nodeObj = api.get("nodes", undefined, node.name);
      if (nodeObj && wasUnreachable) kubeletEvents(nodeObj, ["Starting", "NodeReady"]);
      if (node.unreachableSinceMs !== undefined) {
        node.unreachableSinceMs = undefined;
        removeUnreachableTaints(node);
      }
      for (const runner of [...node.pods.values()]) runner.resync();
      const waiters = node.hangWaiters.splice(0);
      if (!node.cadvisorHang) for (const w of waiters) w();
      else node.hangWaiters.push(...waiters);
    },
    setCadvisorHang(name, hang) {
      const node = nodeOrThrow(name);
      node.cadvisorHang = hang;
      if (!hang) for (const w of node.hangWaiters.splice(0)) w();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      heartbeat.cancel();
      monitor.cancel();
      unsubscribe();
      unsubscribeNodes();
      for (const runner of runners.values()) runner.dispose();
    },
    async whenIdle() {
      while (inflight.size) await Promise.allSettled([...inflight]);
    },
    node: (name) => nodes.get(name),
  };
  return hub;
}

