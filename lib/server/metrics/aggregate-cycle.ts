import "server-only";
import { counterRate } from "./counter-rate";
import type { MetricValues, MetricWindow } from "./metric-window";
import type { NodeReading } from "./read-cadvisor";

// One scrape cycle turned into series (DESIGN.md § Metrics): counters become rates against the previous reading of
// the same container (or node), then values are summed container → pod → workload → tenant and node → cluster.
// Series keys: `pod:<ns>/<pod>`, `workload:<ns>/<Kind>/<name>`, `namespace:<ns>`, `node:<name>`, `cluster`.

export interface WorkloadRef {
  kind: string;
  name: string;
}

export interface CycleTopology {
  /** The Deployment or StatefulSet a pod belongs to (through its ReplicaSet), or null. */
  workloadOf(namespace: string, pod: string): WorkloadRef | null;
}

export interface CycleInput {
  timestampMs: number;
  /** This cycle's readings of the nodes that answered. */
  readings: Map<string, NodeReading>;
  /** The previous cycle's readings (of every node that ever answered), for rates. */
  previous: Map<string, NodeReading>;
  topology: CycleTopology;
}

export interface CycleSummary {
  series: number;
  pods: number;
}

function add(into: MetricValues, from: MetricValues): void {
  for (const [metric, value] of Object.entries(from) as [keyof MetricValues, number][]) {
    into[metric] = (into[metric] ?? 0) + value;
  }
}

function bump(map: Map<string, MetricValues>, key: string, values: MetricValues): void {
  let total = map.get(key);
  if (!total) map.set(key, (total = {}));
  add(total, values);
}

/** Writes this cycle's series into `window` (after window.beginCycle) and returns what it wrote. */
export function aggregateCycle(window: MetricWindow, input: CycleInput): CycleSummary {
  const pods = new Map<string, MetricValues>();
  const nodes = new Map<string, MetricValues>();
  for (const [node, reading] of input.readings) {
    const before = input.previous.get(node);
    const elapsedMs = before ? reading.timestampMs - before.timestampMs : 0;
    const rate = (previous: number | undefined, current: number) => (previous === undefined ? undefined : (counterRate(previous, current, elapsedMs) ?? undefined));
    const nodeValues: MetricValues = { memoryBytes: reading.node.workingSetBytes };
    const cpu = rate(before?.node.cpuSecondsTotal, reading.node.cpuSecondsTotal);
    if (cpu !== undefined) nodeValues.cpuCores = cpu;
    const rx = rate(before?.node.rxBytesTotal, reading.node.rxBytesTotal);
    const tx = rate(before?.node.txBytesTotal, reading.node.txBytesTotal);
    if (rx !== undefined) nodeValues.rxBytesPerSecond = rx;
    if (tx !== undefined) nodeValues.txBytesPerSecond = tx;
    nodes.set(node, nodeValues);

    for (const [key, c] of reading.containers) {
      const old = before?.containers.get(key);
      const values: MetricValues = { memoryBytes: c.workingSetBytes };
      // A container first seen this cycle has no rate yet; one whose counter fell restarted (counterRate resets).
      const cpuRate = rate(old?.cpuSecondsTotal, c.cpuSecondsTotal);
      if (cpuRate !== undefined) values.cpuCores = cpuRate;
      const reads = rate(old?.fsReadBytesTotal, c.fsReadBytesTotal);
      const writes = rate(old?.fsWriteBytesTotal, c.fsWriteBytesTotal);
      if (reads !== undefined) values.fsReadBytesPerSecond = reads;
      if (writes !== undefined) values.fsWriteBytesPerSecond = writes;
      bump(pods, `${c.namespace}/${c.pod}`, values);
    }
    for (const [podKey, net] of reading.podNetworks) {
      const old = before?.podNetworks.get(podKey);
      const values: MetricValues = {};
      const rxRate = rate(old?.rxBytesTotal, net.rxBytesTotal);
      const txRate = rate(old?.txBytesTotal, net.txBytesTotal);
      if (rxRate !== undefined) values.rxBytesPerSecond = rxRate;
      if (txRate !== undefined) values.txBytesPerSecond = txRate;
      bump(pods, podKey, values);
    }
  }

  const workloads = new Map<string, MetricValues>();
  const namespaces = new Map<string, MetricValues>();
  for (const [podKey, values] of pods) {
    window.record(`pod:${podKey}`, values);
    const slash = podKey.indexOf("/");
    const namespace = podKey.slice(0, slash);
    const workload = input.topology.workloadOf(namespace, podKey.slice(slash + 1));
    if (workload) bump(workloads, `${namespace}/${workload.kind}/${workload.name}`, values);
    bump(namespaces, namespace, values);
  }
  for (const [key, values] of workloads) window.record(`workload:${key}`, values);
  for (const [key, values] of namespaces) window.record(`namespace:${key}`, values);
  const cluster: MetricValues = {};
  for (const [node, values] of nodes) {
    window.record(`node:${node}`, values);
    add(cluster, values);
  }
  if (nodes.size > 0) window.record("cluster", cluster);
  return { series: pods.size + workloads.size + namespaces.size + nodes.size + (nodes.size > 0 ? 1 : 0), pods: pods.size };
}
