// The default scheduler, reduced to what a kubectl user can observe: pending pods are bound to a node
// through the pods/binding subresource after the real filter plugins (NodeUnschedulable, TaintToleration,
// NodeAffinity, NodeResourcesFit) and a least-allocated score. Pods that fit nowhere get the real
// "0/3 nodes are available: …" message as a PodScheduled=False condition and a FailedScheduling event, and
// are retried when nodes or pods change. Requested totals per node are kept from pod events, so a decision
// never scans the pods; 30,000 pods onto 1,000 nodes stays fast.

import { cpuToMillicores, memoryToBytes, quantityToNumber } from "../core/quantity";
import type { ClusterApi, Controller, KObject } from "../core/types";
import { labelSelectorMatches } from "../controllers/pod-template";

const COMPONENT = "default-scheduler";
const SCHEDULER_NAME = "default-scheduler";
/** schedutil.DefaultMilliCPURequest / DefaultMemoryRequest: what scoring assumes for a container without requests. */
const DEFAULT_MILLI_CPU = 100;
const DEFAULT_MEMORY = 200 * 1024 * 1024;
/** Pods handled per tick before yielding to the event loop (and to the HTTP server). */
const BATCH = 200;

export interface SchedulerOptions {
  /** Delay before unschedulable pods are retried after a change in the cluster (simulated ms, default 1000). */
  retryDelayMs?: number;
  /** Unschedulable pods are retried at least this often even if nothing changes (default 5 minutes, as upstream). */
  maxUnschedulableMs?: number;
}

interface NodeInfo {
  name: string;
  node: KObject;
  allocatableMilliCpu: number;
  allocatableMemory: number;
  allocatablePods: number;
  requestedMilliCpu: number;
  requestedMemory: number;
  nonZeroMilliCpu: number;
  nonZeroMemory: number;
  pods: number;
  /** "TCP/8080" → how many pods on the node use that host port. */
  hostPorts: Map<string, number>;
  signature: string;
  /** The NoSchedule/NoExecute taints the filter checks, computed once per node change. */
  taints: any[];
  /** Known only from a pod bound to it; never a candidate. */
  placeholder?: boolean;
}

interface PodResources {
  milliCpu: number;
  memory: number;
  nonZeroMilliCpu: number;
  nonZeroMemory: number;
}

interface Assignment extends PodResources {
  node: string;
  hostPorts: string[];
}

/** What inter-pod affinity needs to know about a pod already on a node. */
interface PlacedPod {
  node: string;
  namespace: string;
  labels: Record<string, string>;
  antiAffinity: any[];
}

/** Per scheduling decision: the topology domains the pod's required (anti-)affinity terms point at. */
interface AffinityContext {
  affinity: { topologyKey: string; domains: Set<string> }[];
  /** No pod matches any affinity term yet, but the pod matches its own terms: the first of a group may go anywhere. */
  affinityWaived: boolean;
  anti: { topologyKey: string; domains: Set<string> }[];
  existingAnti: Map<string, Set<string>>;
}

/** Per scheduling decision: matching pods per topology domain for each DoNotSchedule spread constraint. */
interface SpreadConstraint {
  topologyKey: string;
  maxSkew: number;
  counts: Map<string, number>;
  minMatch: number;
  selfMatch: number;
}

function hostPortsOf(pod: KObject): string[] {
  const out: string[] = [];
  for (const c of (pod.spec?.containers ?? []) as any[]) {
    for (const port of (c.ports ?? []) as any[]) if (port.hostPort) out.push(`${port.protocol ?? "TCP"}/${port.hostPort}`);
  }
  return out;
}

function requiredTerms(pod: KObject, kind: "podAffinity" | "podAntiAffinity"): any[] {
  return (pod.spec?.affinity?.[kind]?.requiredDuringSchedulingIgnoredDuringExecution ?? []) as any[];
}

/** Does a (anti-)affinity term of a pod in `ownerNamespace` select `target`? (namespaceSelector: only {} = all.) */
function termSelects(term: any, ownerNamespace: string, target: { namespace: string; labels: Record<string, string> }): boolean {
  const allNamespaces = term.namespaceSelector && Object.keys(term.namespaceSelector).length === 0;
  const namespaces: string[] = term.namespaces?.length ? term.namespaces : [ownerNamespace];
  if (!allNamespaces && !namespaces.includes(target.namespace)) return false;
  return labelSelectorMatches(term.labelSelector, target.labels);
}

type FilterFailure = { reasons: string[]; resolvable: boolean };

function podKey(pod: KObject): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

function quantity(fn: (q: string | number) => number, value: unknown, fallback = 0): number {
  if (value === undefined || value === null) return fallback;
  try {
    return fn(value as string);
  } catch {
    return fallback;
  }
}

/** computePodResourceRequest: containers summed, init containers as a maximum, plus the pod overhead. */
export function podRequests(pod: KObject): PodResources {
  const sum: PodResources = { milliCpu: 0, memory: 0, nonZeroMilliCpu: 0, nonZeroMemory: 0 };
  for (const c of (pod.spec?.containers ?? []) as any[]) {
    const cpu = quantity(cpuToMillicores, c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
    const mem = quantity(memoryToBytes, c.resources?.requests?.memory ?? c.resources?.limits?.memory);
    sum.milliCpu += cpu;
    sum.memory += mem;
    sum.nonZeroMilliCpu += cpu || DEFAULT_MILLI_CPU;
    sum.nonZeroMemory += mem || DEFAULT_MEMORY;
  }
  for (const c of (pod.spec?.initContainers ?? []) as any[]) {
    const cpu = quantity(cpuToMillicores, c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
    const mem = quantity(memoryToBytes, c.resources?.requests?.memory ?? c.resources?.limits?.memory);
    sum.milliCpu = Math.max(sum.milliCpu, cpu);
    sum.memory = Math.max(sum.memory, mem);
  }
  const overhead = pod.spec?.overhead ?? {};
  sum.milliCpu += quantity(cpuToMillicores, overhead.cpu);
  sum.memory += quantity(memoryToBytes, overhead.memory);
  return sum;
}

function isReady(node: KObject): boolean {
  return ((node.status?.conditions ?? []) as any[]).some((c) => c.type === "Ready" && c.status === "True");
}

/** The taints the scheduler sees: the node's own plus, for a node that is not Ready, the not-ready taint
 *  the node lifecycle controller would add. */
function effectiveTaints(node: KObject): any[] {
  const taints = [...((node.spec?.taints ?? []) as any[])];
  if (!isReady(node) && !taints.some((t) => t.key === "node.kubernetes.io/not-ready" || t.key === "node.kubernetes.io/unreachable")) {
    taints.push({ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" });
  }
  return taints;
}

/** v1.Toleration.ToleratesTaint. */
export function tolerates(toleration: any, taint: any): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === "Exists") return true;
  if (!toleration.key) return false; // an empty key needs operator Exists
  return (toleration.value ?? "") === (taint.value ?? "");
}

function nodeSelectorRequirementMatches(req: any, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = labels[req.key];
  const values: string[] = req.values ?? [];
  switch (req.operator) {
    case "In":
      return has && values.includes(value);
    case "NotIn":
      return !has || !values.includes(value);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
      return has && Number(value) > Number(values[0]);
    case "Lt":
      return has && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

/** nodeSelector plus requiredDuringSchedulingIgnoredDuringExecution (terms are ORed, expressions ANDed). */
export function matchesNodeAffinity(pod: KObject, node: KObject): boolean {
  const labels: Record<string, string> = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries((pod.spec?.nodeSelector ?? {}) as Record<string, string>)) if (labels[k] !== v) return false;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as any[] | undefined;
  if (!terms) return true;
  return terms.some((term) => {
    const exprs = (term.matchExpressions ?? []) as any[];
    const fields = (term.matchFields ?? []) as any[];
    if (exprs.length === 0 && fields.length === 0) return false;
    return (
      exprs.every((req) => nodeSelectorRequirementMatches(req, labels)) &&
      fields.every((req) => req.key === "metadata.name" && nodeSelectorRequirementMatches({ ...req, key: "name" }, { name: node.metadata.name ?? "" }))
    );
  });
}

function nodeSignature(node: KObject): string {
  return JSON.stringify([node.status?.allocatable, node.status?.capacity, node.spec?.taints, node.spec?.unschedulable, node.metadata.labels, isReady(node)]);
}

function nodeInfoFrom(node: KObject, previous?: NodeInfo): NodeInfo {
  const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
  return {
    name: node.metadata.name ?? "",
    node,
    allocatableMilliCpu: quantity(cpuToMillicores, alloc.cpu),
    allocatableMemory: quantity(memoryToBytes, alloc.memory),
    allocatablePods: quantity(quantityToNumber, alloc.pods, 110),
    requestedMilliCpu: previous?.requestedMilliCpu ?? 0,
    requestedMemory: previous?.requestedMemory ?? 0,
    nonZeroMilliCpu: previous?.nonZeroMilliCpu ?? 0,
    nonZeroMemory: previous?.nonZeroMemory ?? 0,
    pods: previous?.pods ?? 0,
    hostPorts: previous?.hostPorts ?? new Map(),
    signature: nodeSignature(node),
    taints: effectiveTaints(node).filter((t) => t.effect === "NoSchedule" || t.effect === "NoExecute"),
  };
}

/** The filter plugins in upstream order; the first failing plugin decides a node's reasons. */
const UNSCHEDULABLE_TAINT = { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" };

function toleratesAny(tolerations: any[], taint: any): boolean {
  for (const t of tolerations) if (tolerates(t, taint)) return true;
  return false;
}

function filterNode(pod: KObject, info: NodeInfo, req: PodResources, ports: string[], affinity: AffinityContext | undefined, spread: SpreadConstraint[] | undefined): FilterFailure | undefined {
  const tolerations = (pod.spec?.tolerations ?? []) as any[];
  const node = info.node;
  if (node.spec?.unschedulable && !toleratesAny(tolerations, UNSCHEDULABLE_TAINT)) return { reasons: ["node(s) were unschedulable"], resolvable: false };
  for (const taint of info.taints) {
    if (!toleratesAny(tolerations, taint)) return { reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`], resolvable: false };
  }
  if (!matchesNodeAffinity(pod, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvable: false };
  for (const port of ports) if (info.hostPorts.get(port)) return { reasons: ["node(s) didn't have free ports for the requested pod ports"], resolvable: true };
  const reasons: string[] = [];
  if (info.pods + 1 > info.allocatablePods) reasons.push("Too many pods");
  if (req.milliCpu > 0 && info.requestedMilliCpu + req.milliCpu > info.allocatableMilliCpu) reasons.push("Insufficient cpu");
  if (req.memory > 0 && info.requestedMemory + req.memory > info.allocatableMemory) reasons.push("Insufficient memory");
  if (reasons.length) return { reasons, resolvable: true };
  if (spread) {
    const labels: Record<string, string> = info.node.metadata.labels ?? {};
    for (const c of spread) {
      const value = labels[c.topologyKey];
      if (value === undefined) return { reasons: ["node(s) didn't match pod topology spread constraints (missing required label)"], resolvable: false };
      if ((c.counts.get(value) ?? 0) + c.selfMatch - c.minMatch > c.maxSkew) return { reasons: ["node(s) didn't match pod topology spread constraints"], resolvable: true };
    }
  }
  if (affinity) {
    const labels: Record<string, string> = info.node.metadata.labels ?? {};
    if (!affinity.affinityWaived) {
      for (const { topologyKey, domains } of affinity.affinity) {
        const value = labels[topologyKey];
        if (value === undefined || !domains.has(value)) return { reasons: ["node(s) didn't match pod affinity rules"], resolvable: false };
      }
    }
    for (const { topologyKey, domains } of affinity.anti) {
      const value = labels[topologyKey];
      if (value !== undefined && domains.has(value)) return { reasons: ["node(s) didn't match pod anti-affinity rules"], resolvable: true };
    }
    for (const [topologyKey, values] of affinity.existingAnti) {
      const value = labels[topologyKey];
      if (value !== undefined && values.has(value)) return { reasons: ["node(s) didn't satisfy existing pods anti-affinity rules"], resolvable: true };
    }
  }
  return undefined;
}

/** NodeResourcesFit LeastAllocated over cpu and memory, 0–100, using the non-zero request defaults. */
function leastAllocated(allocatable: number, requested: number): number {
  return allocatable <= 0 || requested > allocatable ? 0 : ((allocatable - requested) * 100) / allocatable;
}

function score(info: NodeInfo, req: PodResources): number {
  const part = leastAllocated;
  return (part(info.allocatableMilliCpu, info.nonZeroMilliCpu + req.nonZeroMilliCpu) + part(info.allocatableMemory, info.nonZeroMemory + req.nonZeroMemory)) / 2;
}

function countedList(counts: Map<string, number>): string {
  return [...counts.entries()].map(([reason, n]) => `${n} ${reason}`).sort().join(", ");
}

/** The FitError message, including the preemption post-filter's verdict, as kube-scheduler prints it. */
export function fitErrorMessage(totalNodes: number, failures: FilterFailure[]): string {
  if (totalNodes === 0) return "no nodes available to schedule pods";
  const reasons = new Map<string, number>();
  const preemption = new Map<string, number>();
  for (const failure of failures) {
    for (const r of failure.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const verdict = failure.resolvable ? "No preemption victims found for incoming pod." : "Preemption is not helpful for scheduling.";
    preemption.set(verdict, (preemption.get(verdict) ?? 0) + 1);
  }
  return `0/${totalNodes} nodes are available: ${countedList(reasons)}. preemption: 0/${totalNodes} nodes are available: ${countedList(preemption)}`;
}

/** How many feasible nodes to look for (numFeasibleNodesToFind with the adaptive percentage). */
function feasibleNodesToFind(total: number): number {
  if (total < 100) return total;
  const percentage = Math.max(5, 50 - Math.floor(total / 125));
  return Math.max(100, Math.floor((total * percentage) / 100));
}

export function startScheduler(api: ClusterApi, options: SchedulerOptions = {}): Controller {
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const nodes = new Map<string, NodeInfo>();
  const assigned = new Map<string, Assignment>();
  const placed = new Map<string, PlacedPod>();
  /** The placed pods that carry required anti-affinity terms (checked against every incoming pod). */
  const withAntiAffinity = new Map<string, PlacedPod>();
  /** Unschedulable pods waiting for some other pod to land (required pod affinity). */
  const waitingForPods = new Set<string>();
  const pending = new Set<string>();
  const unschedulable = new Set<string>();
  let nextStart = 0;
  // The candidate nodes in a stable order, rebuilt only when a node joins or leaves.
  let candidates: NodeInfo[] | undefined;
  let flushTimer: { cancel(): void } | undefined;
  let retryTimer: { cancel(): void } | undefined;
  let bindingUnsupported = false;
  let stopped = false;

  const timestamp = () => new Date(api.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");

  function nodeInfo(name: string): NodeInfo {
    let info = nodes.get(name);
    if (!info) {
      // A pod bound to a node we have not seen (yet): account it anyway so the totals are right later.
      info = nodeInfoFrom({ apiVersion: "v1", kind: "Node", metadata: { name }, spec: {}, status: {} });
      info.placeholder = true;
      nodes.set(name, info);
      candidates = undefined;
    }
    return info;
  }

  function unaccount(key: string): void {
    const a = assigned.get(key);
    if (!a) return;
    assigned.delete(key);
    placed.delete(key);
    withAntiAffinity.delete(key);
    const info = nodes.get(a.node);
    if (!info) return;
    for (const port of a.hostPorts) info.hostPorts.set(port, (info.hostPorts.get(port) ?? 1) - 1);
    info.requestedMilliCpu -= a.milliCpu;
    info.requestedMemory -= a.memory;
    info.nonZeroMilliCpu -= a.nonZeroMilliCpu;
    info.nonZeroMemory -= a.nonZeroMemory;
    info.pods -= 1;
  }

  function account(key: string, pod: KObject): void {
    const node = pod.spec.nodeName as string;
    const previous = placed.get(key);
    if (assigned.get(key)?.node === node) {
      // Labels can change after binding (kubectl label), and affinity reads them.
      if (previous && previous.labels !== pod.metadata.labels) previous.labels = pod.metadata.labels ?? {};
      return;
    }
    unaccount(key);
    const req = podRequests(pod);
    const info = nodeInfo(node);
    info.requestedMilliCpu += req.milliCpu;
    info.requestedMemory += req.memory;
    info.nonZeroMilliCpu += req.nonZeroMilliCpu;
    info.nonZeroMemory += req.nonZeroMemory;
    info.pods += 1;
    const hostPorts = hostPortsOf(pod);
    for (const port of hostPorts) info.hostPorts.set(port, (info.hostPorts.get(port) ?? 0) + 1);
    assigned.set(key, { node, ...req, hostPorts });
    const summary: PlacedPod = { node, namespace: pod.metadata.namespace ?? "", labels: pod.metadata.labels ?? {}, antiAffinity: requiredTerms(pod, "podAntiAffinity") };
    placed.set(key, summary);
    if (summary.antiAffinity.length) withAntiAffinity.set(key, summary);
    if (waitingForPods.size) scheduleRetry();
  }

  function nodeLabel(node: string, key: string): string | undefined {
    return nodes.get(node)?.node.metadata.labels?.[key];
  }

  /** Topology domains (values of topologyKey) that hold a pod the term selects. O(placed pods), paid only by pods with affinity. */
  function domainsSelectedBy(term: any, namespace: string): Set<string> {
    const domains = new Set<string>();
    for (const p of placed.values()) {
      const value = nodeLabel(p.node, term.topologyKey);
      if (value === undefined || domains.has(value)) continue;
      if (termSelects(term, namespace, p)) domains.add(value);
    }
    return domains;
  }

  /** PodTopologySpread's pre-filter: domains come from the nodes the pod's node affinity allows. */
  function spreadContext(pod: KObject, all: NodeInfo[]): SpreadConstraint[] | undefined {
    const constraints = ((pod.spec?.topologySpreadConstraints ?? []) as any[]).filter((c) => (c.whenUnsatisfiable ?? "DoNotSchedule") === "DoNotSchedule");
    if (!constraints.length) return undefined;
    const namespace = pod.metadata.namespace ?? "";
    const eligible = new Set(all.filter((n) => matchesNodeAffinity(pod, n.node)).map((n) => n.name));
    return constraints.map((c) => {
      const counts = new Map<string, number>();
      for (const name of eligible) {
        const value = nodeLabel(name, c.topologyKey);
        if (value !== undefined && !counts.has(value)) counts.set(value, 0);
      }
      for (const p of placed.values()) {
        if (p.namespace !== namespace || !eligible.has(p.node) || !labelSelectorMatches(c.labelSelector, p.labels)) continue;
        const value = nodeLabel(p.node, c.topologyKey);
        if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      let minMatch = counts.size ? Math.min(...counts.values()) : 0;
      if (c.minDomains && counts.size < c.minDomains) minMatch = 0;
      return { topologyKey: c.topologyKey, maxSkew: c.maxSkew ?? 1, counts, minMatch, selfMatch: labelSelectorMatches(c.labelSelector, pod.metadata.labels) ? 1 : 0 };
    });
  }

  function affinityContext(pod: KObject): AffinityContext | undefined {
    const namespace = pod.metadata.namespace ?? "";
    const self = { namespace, labels: pod.metadata.labels ?? {} };
    const existingAnti = new Map<string, Set<string>>();
    for (const p of withAntiAffinity.values()) {
      for (const term of p.antiAffinity) {
        if (!termSelects(term, p.namespace, self)) continue;
        const value = nodeLabel(p.node, term.topologyKey);
        if (value === undefined) continue;
        let values = existingAnti.get(term.topologyKey);
        if (!values) existingAnti.set(term.topologyKey, (values = new Set()));
        values.add(value);
      }
    }
    const affinityTerms = requiredTerms(pod, "podAffinity");
    const antiTerms = requiredTerms(pod, "podAntiAffinity");
    if (!affinityTerms.length && !antiTerms.length && existingAnti.size === 0) return undefined;
    const affinity = affinityTerms.map((term) => ({ topologyKey: term.topologyKey, domains: domainsSelectedBy(term, namespace) }));
    const affinityWaived = affinity.length > 0 && affinity.every((a) => a.domains.size === 0) && affinityTerms.every((term) => termSelects(term, namespace, self));
    const anti = antiTerms.map((term) => ({ topologyKey: term.topologyKey, domains: domainsSelectedBy(term, namespace) }));
    return { affinity, affinityWaived, anti, existingAnti };
  }

  function wantsScheduling(pod: KObject): boolean {
    return !pod.spec?.nodeName && !pod.metadata.deletionTimestamp && (pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME && !isTerminal(pod);
  }

  function isTerminal(pod: KObject): boolean {
    return pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
  }

  function scheduleFlush(): void {
    if (!flushTimer && !stopped) flushTimer = api.clock.setTimeout(flush, 0);
  }

  /** Moves every unschedulable pod back to the queue a little later, coalescing bursts of changes. */
  function scheduleRetry(): void {
    if (retryTimer || stopped || unschedulable.size === 0) return;
    retryTimer = api.clock.setTimeout(() => {
      retryTimer = undefined;
      for (const key of unschedulable) pending.add(key);
      unschedulable.clear();
      waitingForPods.clear();
      scheduleFlush();
    }, retryDelayMs);
  }

  function onPod(type: string, pod: KObject): void {
    const key = podKey(pod);
    if (type === "DELETED" || isTerminal(pod)) {
      pending.delete(key);
      unschedulable.delete(key);
      waitingForPods.delete(key);
      if (assigned.has(key)) {
        unaccount(key);
        scheduleRetry();
      }
      return;
    }
    if (pod.spec?.nodeName) {
      pending.delete(key);
      unschedulable.delete(key);
      waitingForPods.delete(key);
      account(key, pod);
      return;
    }
    if (!wantsScheduling(pod)) {
      pending.delete(key);
      unschedulable.delete(key);
      waitingForPods.delete(key);
      return;
    }
    if (!unschedulable.has(key) && !pending.has(key)) {
      pending.add(key);
      scheduleFlush();
    }
  }

  function onNode(type: string, node: KObject): void {
    const name = node.metadata.name ?? "";
    const previous = nodes.get(name);
    candidates = undefined;
    if (type === "DELETED") {
      nodes.delete(name);
      return;
    }
    const info = nodeInfoFrom(node, previous);
    nodes.set(name, info);
    // Heartbeats change the node every few seconds; only a change the filters can see is worth a retry.
    if (!previous || previous.signature !== info.signature) scheduleRetry();
  }

  function flush(): void {
    flushTimer = undefined;
    let handled = 0;
    for (const key of pending) {
      if (stopped) return;
      if (handled++ >= BATCH) break;
      pending.delete(key);
      try {
        scheduleOne(key);
      } catch (err) {
        // A failed write (conflict, pod gone) is retried like an unschedulable pod.
        unschedulable.add(key);
        scheduleRetry();
        if ((err as { code?: number })?.code === undefined) console.error(`scheduler ${key}:`, err);
      }
    }
    if (pending.size) scheduleFlush();
  }

  function scheduleOne(key: string): void {
    const slash = key.indexOf("/");
    const pod = api.get("pods", key.slice(0, slash), key.slice(slash + 1));
    if (!pod || !wantsScheduling(pod)) return;
    const req = podRequests(pod);
    const ports = hostPortsOf(pod);
    const affinity = affinityContext(pod);
    candidates ??= [...nodes.values()].filter((n) => !n.placeholder);
    const all = candidates;
    const spread = spreadContext(pod, all);
    const toFind = feasibleNodesToFind(all.length);
    const feasible: NodeInfo[] = [];
    const failures: FilterFailure[] = [];
    let processed = 0;
    for (let i = 0; i < all.length && feasible.length < toFind; i++) {
      const info = all[(nextStart + i) % all.length];
      processed++;
      const failure = filterNode(pod, info, req, ports, affinity, spread);
      if (failure) failures.push(failure);
      else feasible.push(info);
    }
    if (all.length) nextStart = (nextStart + processed) % all.length;
    if (feasible.length === 0) return markUnschedulable(pod, key, fitErrorMessage(all.length, failures));
    let best = feasible[0];
    let bestScore = score(best, req);
    for (const info of feasible.slice(1)) {
      const s = score(info, req);
      if (s > bestScore || (s === bestScore && info.pods < best.pods)) {
        best = info;
        bestScore = s;
      }
    }
    bind(pod, best.name);
  }

  function bind(pod: KObject, node: string): void {
    const { namespace, name } = pod.metadata;
    if (!bindingUnsupported) {
      try {
        api.create(
          "pods",
          { apiVersion: "v1", kind: "Binding", metadata: { name, namespace, uid: pod.metadata.uid }, target: { apiVersion: "v1", kind: "Node", name: node } },
          { subresource: "binding" },
        );
        api.recordEvent(pod, "Normal", "Scheduled", `Successfully assigned ${namespace}/${name} to ${node}`, COMPONENT);
        return;
      } catch (err) {
        const code = (err as { code?: number }).code;
        const current = api.get("pods", namespace, name ?? "");
        // Already bound by someone else, or gone: nothing to do.
        if (!current || current.spec?.nodeName || code === 409) return;
        // Any other refusal of an unbound, existing pod means the API layer has no binding subresource.
        bindingUnsupported = true;
      }
    }
    // Fallback for an API without pods/binding: set spec.nodeName and the PodScheduled condition directly.
    const current = structuredClone(api.getOrThrow("pods", namespace, name ?? ""));
    current.spec.nodeName = node;
    const updated = api.update("pods", current);
    const conditions = ((updated.status?.conditions ?? []) as any[]).filter((c) => c.type !== "PodScheduled");
    conditions.push({ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: timestamp() });
    api.update("pods", { ...updated, status: { ...(updated.status ?? {}), conditions } }, { subresource: "status" });
    api.recordEvent(pod, "Normal", "Scheduled", `Successfully assigned ${namespace}/${name} to ${node}`, COMPONENT);
  }

  function markUnschedulable(pod: KObject, key: string, message: string): void {
    unschedulable.add(key);
    if (requiredTerms(pod, "podAffinity").length) waitingForPods.add(key);
    const conditions = (pod.status?.conditions ?? []) as any[];
    const current = conditions.find((c) => c.type === "PodScheduled");
    if (!current || current.status !== "False" || current.reason !== "Unschedulable" || current.message !== message) {
      const next = conditions.filter((c) => c.type !== "PodScheduled");
      next.push({
        type: "PodScheduled",
        status: "False",
        lastProbeTime: null,
        lastTransitionTime: current?.status === "False" ? current.lastTransitionTime : timestamp(),
        reason: "Unschedulable",
        message,
      });
      api.update("pods", { ...pod, status: { ...(pod.status ?? {}), phase: pod.status?.phase ?? "Pending", conditions: next } }, { subresource: "status" });
    }
    api.recordEvent(pod, "Warning", "FailedScheduling", message, COMPONENT);
  }

  for (const node of api.list("nodes")) onNode("ADDED", node);
  for (const pod of api.list("pods")) onPod("ADDED", pod);
  const unsubscribers = [
    api.subscribe("nodes", (e) => onNode(e.type, e.object)),
    api.subscribe("pods", (e) => onPod(e.type, e.object)),
  ];
  const periodic = api.clock.setInterval(() => {
    for (const key of unschedulable) pending.add(key);
    unschedulable.clear();
    waitingForPods.clear();
    scheduleFlush();
  }, options.maxUnschedulableMs ?? 5 * 60_000);

  return {
    stop() {
      stopped = true;
      flushTimer?.cancel();
      retryTimer?.cancel();
      periodic.cancel();
      for (const u of unsubscribers) u();
    },
  };
}
