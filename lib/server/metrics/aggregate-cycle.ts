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
// first seen has no rate yet). A cycle's rows of one kind live in one Float64Array (RowTable): 30,000 pods a cycle
// are then one allocation, not 30,000 small arrays for the garbage collector to copy while the cycle runs.
const CPU = 0;
const MEMORY = 1;
const RX = 2;
const TX = 3;
const FS_READ = 4;
const FS_WRITE = 5;
const METRICS = WINDOW_METRICS.length;

/** Adds `value` into values[at]: NaN there means nothing yet; an undefined or NaN value adds nothing. */
function put(values: Float64Array, at: number, value: number | undefined): void {
  if (value === undefined || Number.isNaN(value)) return;
  const before = values[at];
  values[at] = Number.isNaN(before) ? value : before + value;
}

function addRow(into: Float64Array, intoAt: number, from: Float64Array, fromAt: number): void {
  for (let m = 0; m < METRICS; m++) put(into, intoAt + m, from[fromAt + m]);
}

/** The per-second rate of a counter, or undefined without an earlier reading (or when the two say nothing). */
function rateOf(previous: number | undefined, current: number, elapsedMs: number): number | undefined {
  return previous === undefined ? undefined : (counterRate(previous, current, elapsedMs) ?? undefined);
}

/** One cycle's rows of one kind of series: the row of keys[i] is values[i * METRICS, (i + 1) * METRICS). */
export class RowTable {
  readonly keys: string[] = [];
  values: Float64Array;
  private readonly rows = new Map<string, number>();

  constructor(expectedRows: number) {
    this.values = new Float64Array(Math.max(1, Math.ceil(expectedRows)) * METRICS).fill(NaN);
  }

  get size(): number {
    return this.keys.length;
  }

  /** Where `key`'s row starts in `values`, a row of NaN added when the key is new. */
  rowOf(key: string): number {
    let row = this.rows.get(key);
    if (row === undefined) {
      row = this.keys.length;
      this.keys.push(key);
      this.rows.set(key, row);
      if ((row + 1) * METRICS > this.values.length) {
        const grown = new Float64Array(2 * this.values.length).fill(NaN);
        grown.set(this.values);
        this.values = grown;
      }
    }
    return row * METRICS;
  }
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

/**
 * The window's keys (`pod:…`, `workload:…`, …) of the keys a cycle sums by, made once and kept while they are in
 * use: a cycle records the same 30,000 pods as the one before, and a key made anew each time would be one more
 * string to build, hash and collect per series. Forgotten all at once when it holds twice the keys in use.
 */
class SeriesKeys {
  private readonly known = new Map<string, string>();
  constructor(private readonly prefix: string) {}

  of(key: string): string {
    let full = this.known.get(key);
    if (full === undefined) this.known.set(key, (full = this.prefix + key));
    return full;
  }

  /** After a cycle that used `inUse` keys. */
  trim(inUse: number): void {
    if (this.known.size > 2 * inUse + 1024) this.known.clear();
  }
}

const podSeriesKeys = new SeriesKeys("pod:");
const workloadSeriesKeys = new SeriesKeys("workload:");
const namespaceSeriesKeys = new SeriesKeys("namespace:");
const nodeSeriesKeys = new SeriesKeys("node:");

/** A cycle's rows, summed and ready to record: what the window gets in one go. */
export interface CycleRows {
  /** By `namespace/pod`. */
  pods: RowTable;
  /** By `namespace/Kind/name`. */
  workloads: RowTable;
  /** By namespace. */
  namespaces: RowTable;
  /** By node name. */
  nodes: RowTable;
}

/** Items between the points where cycleRowSteps lets its driver pause. */
const STEP = 256;

/**
 * Rates and sums of one cycle, as a generator that yields every few hundred items: computed in slices between
 * requests (aggregateCycleInSlices), the cycle never holds the server's event loop for long. Reads only `input`.
 */
export function* cycleRowSteps(input: CycleInput): Generator<void, CycleRows, void> {
  let expectedPods = 0;
  for (const reading of input.readings.values()) expectedPods += Math.max(reading.containers.size, reading.podNetworks.size);
  const pods = new RowTable(expectedPods);
  const nodes = new RowTable(input.readings.size);
  /** Each pod row's namespace and name (index: row ÷ METRICS), for the workload and namespace sums. */
  const podNamespaces: string[] = [];
  const podNames: string[] = [];
  const podRow = (podKey: string, namespace: string | null, pod: string | null): number => {
    const at = pods.rowOf(podKey);
    const index = at / METRICS;
    if (index === podNamespaces.length) {
      const slash = podKey.indexOf("/");
      podNamespaces.push(namespace ?? podKey.slice(0, slash));
      podNames.push(pod ?? podKey.slice(slash + 1));
    }
    return at;
  };
  let done = 0;
  for (const [node, reading] of input.readings) {
    const before = input.previous.get(node);
    const elapsedMs = before ? reading.timestampMs - before.timestampMs : 0;
    const nodeAt = nodes.rowOf(node);
    const nodeValues = nodes.values;
    put(nodeValues, nodeAt + MEMORY, reading.node.workingSetBytes);
    put(nodeValues, nodeAt + CPU, rateOf(before?.node.cpuSecondsTotal, reading.node.cpuSecondsTotal, elapsedMs));
    put(nodeValues, nodeAt + RX, rateOf(before?.node.rxBytesTotal, reading.node.rxBytesTotal, elapsedMs));
    put(nodeValues, nodeAt + TX, rateOf(before?.node.txBytesTotal, reading.node.txBytesTotal, elapsedMs));

    for (const [key, c] of reading.containers) {
      const old = before?.containers.get(key);
      const at = podRow(c.podKey, c.namespace, c.pod);
      const values = pods.values;
      put(values, at + MEMORY, c.workingSetBytes);
      // A container first seen this cycle has no rate yet; one whose counter fell restarted (counterRate resets).
      put(values, at + CPU, rateOf(old?.cpuSecondsTotal, c.cpuSecondsTotal, elapsedMs));
      put(values, at + FS_READ, rateOf(old?.fsReadBytesTotal, c.fsReadBytesTotal, elapsedMs));
      put(values, at + FS_WRITE, rateOf(old?.fsWriteBytesTotal, c.fsWriteBytesTotal, elapsedMs));
    }
    for (const [podKey, net] of reading.podNetworks) {
      const old = before?.podNetworks.get(podKey);
      const at = podRow(podKey, null, null);
      const values = pods.values;
      put(values, at + RX, rateOf(old?.rxBytesTotal, net.rxBytesTotal, elapsedMs));
      put(values, at + TX, rateOf(old?.txBytesTotal, net.txBytesTotal, elapsedMs));
    }
    done += reading.containers.size + 1;
    if (done >= STEP) {
      done = 0;
      yield;
    }
  }

  const workloads = new RowTable(pods.size / 4);
  const namespaces = new RowTable(pods.size / 16);
  for (let index = 0; index < pods.size; index++) {
    const namespace = podNamespaces[index];
    const workload = input.topology.workloadOf(namespace, podNames[index]);
    if (workload) {
      const at = workloads.rowOf(workloadKeyOf(namespace, workload));
      addRow(workloads.values, at, pods.values, index * METRICS);
    }
    const namespaceAt = namespaces.rowOf(namespace);
    addRow(namespaces.values, namespaceAt, pods.values, index * METRICS);
    if (++done >= STEP) {
      done = 0;
      yield;
    }
  }
  return { pods, workloads, namespaces, nodes };
}

/** Records a cycle's rows into `window` (after window.beginCycle); returns what it wrote. */
export function writeCycleRows(window: MetricWindow, rows: CycleRows): CycleSummary {
  const record = (table: RowTable, seriesKeys: SeriesKeys) => {
    for (let i = 0; i < table.size; i++) window.recordRow(seriesKeys.of(table.keys[i]), table.values, i * METRICS);
    seriesKeys.trim(table.size);
  };
  record(rows.pods, podSeriesKeys);
  record(rows.workloads, workloadSeriesKeys);
  record(rows.namespaces, namespaceSeriesKeys);
  record(rows.nodes, nodeSeriesKeys);
  if (rows.nodes.size > 0) {
    const cluster = new Float64Array(METRICS).fill(NaN);
    for (let i = 0; i < rows.nodes.size; i++) addRow(cluster, 0, rows.nodes.values, i * METRICS);
    window.recordRow("cluster", cluster);
  }
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
