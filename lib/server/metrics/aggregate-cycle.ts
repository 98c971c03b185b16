import "server-only";
import { counterRate } from "./counter-rate";
import { WINDOW_METRICS, type MetricWindow } from "./metric-window";
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

// Values are summed in rows of one number per WINDOW_METRICS entry, NaN where a metric is absent (a container
// first seen has no rate yet): plain arrays of numbers keep the sums cheap at 30,000 containers a cycle.
const CPU = 0;
const MEMORY = 1;
const RX = 2;
const TX = 3;
const FS_READ = 4;
const FS_WRITE = 5;
type Row = Float64Array;

function emptyRow(): Row {
  return new Float64Array(WINDOW_METRICS.length).fill(NaN);
}

function put(row: Row, index: number, value: number | undefined): void {
  if (value === undefined || Number.isNaN(value)) return;
  const before = row[index];
  row[index] = Number.isNaN(before) ? value : before + value;
}

function addRow(into: Row, from: Row): void {
  for (let m = 0; m < into.length; m++) put(into, m, from[m]);
}

function rowOf(map: Map<string, Row>, key: string): Row {
  let row = map.get(key);
  if (!row) map.set(key, (row = emptyRow()));
  return row;
}

/** Each workload's series key, by the WorkloadRef object a topology gives for it (watchCacheTopology gives the same
 *  object cycle after cycle while the pod is unchanged, so the key is not built again for each of its pods). */
const workloadKeys = new WeakMap<WorkloadRef, { namespace: string; key: string }>();

function workloadKeyOf(namespace: string, workload: WorkloadRef): string {
  const known = workloadKeys.get(workload);
  if (known && known.namespace === namespace) return known.key;
  const key = `${namespace}/${workload.kind}/${workload.name}`;
  workloadKeys.set(workload, { namespace, key });
  return key;
}

/** A cycle's rows, summed and ready to record: what the window gets in one go. */
export interface CycleRows {
  pods: Map<string, Row>;
  workloads: Map<string, Row>;
  namespaces: Map<string, Row>;
  nodes: Map<string, Row>;
}

/** Items between the points where cycleRowSteps lets its driver pause. */
const STEP = 256;

/**
 * Rates and sums of one cycle, as a generator that yields every few hundred items: computed in slices between
 * requests (aggregateCycleInSlices), the cycle never holds the server's event loop for long. Reads only `input`.
 */
export function* cycleRowSteps(input: CycleInput): Generator<void, CycleRows, void> {
  const pods = new Map<string, Row>();
  const nodes = new Map<string, Row>();
  let done = 0;
  for (const [node, reading] of input.readings) {
    const before = input.previous.get(node);
    const elapsedMs = before ? reading.timestampMs - before.timestampMs : 0;
    const rate = (previous: number | undefined, current: number) => (previous === undefined ? undefined : (counterRate(previous, current, elapsedMs) ?? undefined));
    const nodeRow = emptyRow();
    put(nodeRow, MEMORY, reading.node.workingSetBytes);
    put(nodeRow, CPU, rate(before?.node.cpuSecondsTotal, reading.node.cpuSecondsTotal));
    put(nodeRow, RX, rate(before?.node.rxBytesTotal, reading.node.rxBytesTotal));
    put(nodeRow, TX, rate(before?.node.txBytesTotal, reading.node.txBytesTotal));
    nodes.set(node, nodeRow);

    for (const [key, c] of reading.containers) {
      const old = before?.containers.get(key);
      const row = rowOf(pods, `${c.namespace}/${c.pod}`);
      put(row, MEMORY, c.workingSetBytes);
      // A container first seen this cycle has no rate yet; one whose counter fell restarted (counterRate resets).
      put(row, CPU, rate(old?.cpuSecondsTotal, c.cpuSecondsTotal));
      put(row, FS_READ, rate(old?.fsReadBytesTotal, c.fsReadBytesTotal));
      put(row, FS_WRITE, rate(old?.fsWriteBytesTotal, c.fsWriteBytesTotal));
    }
    for (const [podKey, net] of reading.podNetworks) {
      const old = before?.podNetworks.get(podKey);
      const row = rowOf(pods, podKey);
      put(row, RX, rate(old?.rxBytesTotal, net.rxBytesTotal));
      put(row, TX, rate(old?.txBytesTotal, net.txBytesTotal));
    }
    done += reading.containers.size + 1;
    if (done >= STEP) {
      done = 0;
      yield;
    }
  }

  const workloads = new Map<string, Row>();
  const namespaces = new Map<string, Row>();
  for (const [podKey, row] of pods) {
    const slash = podKey.indexOf("/");
    const namespace = podKey.slice(0, slash);
    const workload = input.topology.workloadOf(namespace, podKey.slice(slash + 1));
    if (workload) addRow(rowOf(workloads, workloadKeyOf(namespace, workload)), row);
    addRow(rowOf(namespaces, namespace), row);
    if (++done >= STEP) {
      done = 0;
      yield;
    }
  }
  return { pods, workloads, namespaces, nodes };
}

/** Records a cycle's rows into `window` (after window.beginCycle); returns what it wrote. */
export function writeCycleRows(window: MetricWindow, rows: CycleRows): CycleSummary {
  for (const [podKey, row] of rows.pods) window.recordRow(`pod:${podKey}`, row);
  for (const [key, row] of rows.workloads) window.recordRow(`workload:${key}`, row);
  for (const [key, row] of rows.namespaces) window.recordRow(`namespace:${key}`, row);
  const cluster = emptyRow();
  for (const [node, row] of rows.nodes) {
    window.recordRow(`node:${node}`, row);
    addRow(cluster, row);
  }
  if (rows.nodes.size > 0) window.recordRow("cluster", cluster);
  return { series: rows.pods.size + rows.workloads.size + rows.namespaces.size + rows.nodes.size + (rows.nodes.size > 0 ? 1 : 0), pods: rows.pods.size };
}

/** Writes this cycle's series into `window` (after window.beginCycle) and returns what it wrote, all at once. */
export function aggregateCycle(window: MetricWindow, input: CycleInput): CycleSummary {
  const steps = cycleRowSteps(input);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return writeCycleRows(window, step.value);
}

/**
 * The same cycle with its rates and sums computed in slices of at most `sliceMs` of the event loop, then begun and
 * recorded in `window` in one synchronous step, so a read never sees a cycle half written. Returns what it wrote.
 */
export async function aggregateCycleInSlices(window: MetricWindow, input: CycleInput, sliceMs = 5): Promise<CycleSummary> {
  const steps = cycleRowSteps(input);
  let sliceStarted = performance.now();
  let step = steps.next();
  while (!step.done) {
    if (performance.now() - sliceStarted >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
    step = steps.next();
  }
  window.beginCycle(input.timestampMs);
  return writeCycleRows(window, step.value);
}
