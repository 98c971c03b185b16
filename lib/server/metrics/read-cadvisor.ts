import "server-only";
import { labelValue, PrometheusTextParser, type LabelRanges } from "./prometheus-text-parser";

// One node's cAdvisor text turned into readings per container, per pod network and for the node itself. cAdvisor
// writes one series per cgroup: the node's root ("/"), each pod's cgroup (container=""), each container
// (container="<name>"), and the pod's network counters on its sandbox (pause) container, per interface.

export const CADVISOR_FAMILIES = new Set([
  "container_cpu_usage_seconds_total",
  "container_memory_working_set_bytes",
  "container_network_receive_bytes_total",
  "container_network_transmit_bytes_total",
  "container_fs_reads_bytes_total",
  "container_fs_writes_bytes_total",
  "container_spec_cpu_quota",
  "container_spec_cpu_period",
  "container_spec_memory_limit_bytes",
]);

/** The labels the readings are keyed by; the others (image, name, cpu, interface, …) are not read. */
export const CADVISOR_LABELS = new Set(["id", "namespace", "pod", "container"]);

export interface ContainerReading {
  namespace: string;
  pod: string;
  container: string;
  /** `namespace/pod`: the pod's key, as podNetworks has it. */
  podKey: string;
  cpuSecondsTotal: number;
  workingSetBytes: number;
  fsReadBytesTotal: number;
  fsWriteBytesTotal: number;
  /** quota ÷ period; null when the container has no CPU limit. */
  cpuLimitCores: number | null;
  /** null when the container has no memory limit (cAdvisor writes 0). */
  memoryLimitBytes: number | null;
}

export interface NetworkReading {
  rxBytesTotal: number;
  txBytesTotal: number;
}

export interface NodeReading {
  /** The scrape's time: the samples' own timestamp when cAdvisor wrote one, else when the text was read. */
  timestampMs: number;
  node: { cpuSecondsTotal: number; workingSetBytes: number } & NetworkReading;
  /** Keyed `namespace/pod/container`. */
  containers: Map<string, ContainerReading>;
  /** Keyed `namespace/pod`, summed over the pod's interfaces. */
  podNetworks: Map<string, NetworkReading>;
}

// Family and label indexes as the parser's raw visitor gives them: positions in CADVISOR_FAMILIES and CADVISOR_LABELS.
const familyIndex = (name: string) => [...CADVISOR_FAMILIES].indexOf(name);
const labelIndex = (name: string) => [...CADVISOR_LABELS].indexOf(name);
const CPU = familyIndex("container_cpu_usage_seconds_total");
const WORKING_SET = familyIndex("container_memory_working_set_bytes");
const RX = familyIndex("container_network_receive_bytes_total");
const TX = familyIndex("container_network_transmit_bytes_total");
const FS_READS = familyIndex("container_fs_reads_bytes_total");
const FS_WRITES = familyIndex("container_fs_writes_bytes_total");
const CPU_QUOTA = familyIndex("container_spec_cpu_quota");
const CPU_PERIOD = familyIndex("container_spec_cpu_period");
const MEMORY_LIMIT = familyIndex("container_spec_memory_limit_bytes");
const ID = labelIndex("id");
const NAMESPACE = labelIndex("namespace");
const POD = labelIndex("pod");
const CONTAINER = labelIndex("container");
const SLASH = 47;
const [LETTER_P, LETTER_O, LETTER_D] = Buffer.from("POD");

/** Arenas of readers that finished, for the next ones (a cycle reads hundreds of nodes, 16 at a time). */
const spareArenas: Buffer[] = [];
const SPARE_ARENAS = 64;

/** One cgroup's (namespace, pod, container) seen in this node's text, with its readings. */
interface Series {
  /** Where the three values' bytes, each followed by a 0 byte, are in the reader's arena: to tell series with the
   *  same hash apart. */
  at: number;
  length: number;
  namespace: string;
  pod: string;
  container: string;
  reading: ContainerReading | null;
  network: NetworkReading | null;
  quota: number | null;
  period: number | null;
  /** The next series with the same hash. */
  next: Series | null;
  /** The series found right after this one last time (every family lists the cgroups in the same order). */
  after: Series | null;
  /** `namespace/pod/container`, when kept from an earlier text (see namesOf). */
  key: string | null;
  /** `namespace/pod`. */
  podKey: string;
}

/**
 * A cgroup's label values decoded once for every node text and cycle that names it: a cycle reads the same 30,000
 * cgroups as the one before, and strings made anew each time would all live into the next cycle (the readings are
 * kept for the rates), to be copied by the young generation's collections. Found by the hash of the reader's bytes
 * and checked byte for byte; dropped after NAMES_KEPT_MS unseen.
 */
interface Names {
  /** namespace, pod and container bytes, each followed by a 0 byte (as in a reader's arena). */
  bytes: Buffer;
  namespace: string;
  pod: string;
  container: string;
  key: string;
  podKey: string;
  seenMs: number;
  next: Names | null;
}

const namesByHash = new Map<number, Names>();
const NAMES_KEPT_MS = 5 * 60_000;
let namesSweptMs = 0;

function namesOf(hash: number, arena: Buffer, at: number, namespaceLength: number, podLength: number, length: number, nowMs: number): Names {
  if (nowMs - namesSweptMs > NAMES_KEPT_MS / 5) sweepNames(nowMs);
  const first = namesByHash.get(hash) ?? null;
  for (let n = first; n !== null; n = n.next) {
    if (n.bytes.length !== length) continue;
    let same = true;
    for (let i = 0; i < length && same; i++) same = n.bytes[i] === arena[at + i];
    if (same) {
      n.seenMs = nowMs;
      return n;
    }
  }
  const podAt = at + namespaceLength;
  const containerAt = podAt + 1 + podLength;
  const namespace = labelValue(arena, at, podAt, false);
  const pod = labelValue(arena, podAt + 1, containerAt, false);
  const container = labelValue(arena, containerAt + 1, at + length - 1, false);
  const names: Names = { bytes: Buffer.from(arena.subarray(at, at + length)), namespace, pod, container, key: `${namespace}/${pod}/${container}`, podKey: `${namespace}/${pod}`, seenMs: nowMs, next: first };
  namesByHash.set(hash, names);
  return names;
}

function sweepNames(nowMs: number): void {
  namesSweptMs = nowMs;
  for (const [hash, first] of namesByHash) {
    let kept: Names | null = null;
    for (let n: Names | null = first; n !== null; ) {
      const next: Names | null = n.next;
      if (nowMs - n.seenMs <= NAMES_KEPT_MS) {
        n.next = kept;
        kept = n;
      }
      n = next;
    }
    if (kept === null) namesByHash.delete(hash);
    else namesByHash.set(hash, kept);
  }
}

/**
 * Reads one node's text as it streams in; `finish()` returns the readings. A node's text names each cgroup in every
 * family (five to nine times), so a cgroup's label values are decoded once, when first seen: later lines find it by
 * a hash of the (namespace, pod, container) bytes, and the lines of a pod's own cgroup and of the node's other
 * cgroups are passed over on those bytes without decoding anything.
 */
export function createCadvisorReader(readAtMs: number): { push(chunk: Buffer | string): void; finish(): NodeReading } {
  const reading: NodeReading = {
    timestampMs: readAtMs,
    node: { cpuSecondsTotal: 0, workingSetBytes: 0, rxBytesTotal: 0, txBytesTotal: 0 },
    containers: new Map(),
    podNetworks: new Map(),
  };
  const byHash = new Map<number, Series>();
  /** Series whose label values hold escapes, by their decoded values. */
  const escapedSeries = new Map<string, Series>();
  const seriesList: Series[] = [];
  let arena = spareArenas.pop() ?? Buffer.allocUnsafe(16_384);
  let arenaUsed = 0;
  let sampleTime: number | null = null;
  /** The series found last (by its bytes), whose `after` is the likely next one. */
  let previous: Series | null = null;

  const newSeries = (namespace: string, pod: string, container: string, at: number, length: number, podKey = `${namespace}/${pod}`): Series => {
    const series: Series = { at, length, namespace, pod, container, reading: null, network: null, quota: null, period: null, next: null, after: null, key: null, podKey };
    seriesList.push(series);
    return series;
  };

  const seriesOf = (buf: Buffer, labels: LabelRanges, withContainer: boolean): Series => {
    const { start, end, escaped } = labels;
    const containerStart = withContainer ? start[CONTAINER] : -1;
    if (escaped[NAMESPACE] === 1 || escaped[POD] === 1 || (containerStart >= 0 && escaped[CONTAINER] === 1)) {
      const namespace = labelValue(buf, start[NAMESPACE], end[NAMESPACE], escaped[NAMESPACE] === 1);
      const pod = labelValue(buf, start[POD], end[POD], escaped[POD] === 1);
      const container = containerStart >= 0 ? labelValue(buf, containerStart, end[CONTAINER], escaped[CONTAINER] === 1) : "";
      const key = JSON.stringify([namespace, pod, container]);
      let series = escapedSeries.get(key);
      if (!series) escapedSeries.set(key, (series = newSeries(namespace, pod, container, 0, 0)));
      return series;
    }
    const containerEnd = containerStart >= 0 ? end[CONTAINER] : -1;
    // Each family names the cgroups in the order the first did: the series after the previous one is tried first.
    const guess = previous !== null ? previous.after : seriesList.length > 0 ? seriesList[0] : null;
    if (guess !== null && guess.length > 0 && sameSeries(arena, guess.at, guess.length, buf, start[NAMESPACE], end[NAMESPACE], start[POD], end[POD], containerStart, containerEnd)) return (previous = guess);
    const found = lookUp(buf, labels, containerStart, containerEnd);
    if (previous !== null) previous.after = found;
    return (previous = found);
  };

  /** The series of these (unescaped) bytes, by their hash, made when first seen. */
  const lookUp = (buf: Buffer, labels: LabelRanges, containerStart: number, containerEnd: number): Series => {
    const { start, end } = labels;
    // FNV-1a over namespace, pod and container, each followed by a 0 byte (which a label value's UTF-8 never holds).
    let hash = 0x811c9dc5;
    for (let i = start[NAMESPACE]; i < end[NAMESPACE]; i++) hash = Math.imul(hash ^ buf[i], 16777619);
    hash = Math.imul(hash, 16777619);
    for (let i = start[POD]; i < end[POD]; i++) hash = Math.imul(hash ^ buf[i], 16777619);
    hash = Math.imul(hash, 16777619);
    if (containerStart >= 0) for (let i = containerStart; i < end[CONTAINER]; i++) hash = Math.imul(hash ^ buf[i], 16777619);
    hash = Math.imul(hash, 16777619);
    const first = byHash.get(hash);
    for (let s: Series | null = first ?? null; s !== null; s = s.next) if (sameSeries(arena, s.at, s.length, buf, start[NAMESPACE], end[NAMESPACE], start[POD], end[POD], containerStart, containerEnd)) return s;
    const namespaceLength = end[NAMESPACE] - start[NAMESPACE];
    const podLength = end[POD] - start[POD];
    const length = namespaceLength + podLength + (containerStart >= 0 ? containerEnd - containerStart : 0) + 3;
    if (arenaUsed + length > arena.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * arena.length, arenaUsed + length));
      grown.set(arena.subarray(0, arenaUsed));
      arena = grown;
    }
    // Byte by byte: the values are a few dozen bytes, which Buffer#copy's view objects would cost more than.
    const at = arenaUsed;
    let j = at;
    for (let i = start[NAMESPACE]; i < end[NAMESPACE]; i++) arena[j++] = buf[i];
    arena[j++] = 0;
    for (let i = start[POD]; i < end[POD]; i++) arena[j++] = buf[i];
    arena[j++] = 0;
    for (let i = containerStart; i < containerEnd; i++) arena[j++] = buf[i];
    arena[j] = 0;
    arenaUsed += length;
    const names = namesOf(hash, arena, at, namespaceLength, podLength, length, readAtMs);
    const series = newSeries(names.namespace, names.pod, names.container, at, length, names.podKey);
    series.key = names.key;
    series.next = first ?? null;
    byHash.set(hash, series);
    return series;
  };

  const onRawSample = (family: number, buf: Buffer, labels: LabelRanges, value: number, timestampMs: number | null) => {
    if (timestampMs !== null) sampleTime = Math.max(sampleTime ?? 0, timestampMs);
    const { start, end, escaped } = labels;
    // Lines come read by their ends (container first, namespace and pod last, as cAdvisor sorts them). A line with a
    // pod's namespace and name there is a pod's cgroup, whatever its id; any other line is read whole, id included.
    if (labels.partial && (start[CONTAINER] < 0 || !namesPod(labels))) labels.readAll();
    if (labels.partial) {
      onPodSample(family, buf, labels, value);
      return;
    }
    if (start[ID] >= 0 && (escaped[ID] === 1 ? labelValue(buf, start[ID], end[ID], true) === "/" : end[ID] - start[ID] === 1 && buf[start[ID]] === SLASH)) {
      if (family === CPU) reading.node.cpuSecondsTotal += value;
      else if (family === WORKING_SET) reading.node.workingSetBytes = value;
      else if (family === RX) reading.node.rxBytesTotal += value;
      else if (family === TX) reading.node.txBytesTotal += value;
      return;
    }
    // No pod or namespace: a cgroup of the node's own (system.slice, kubepods.slice, …).
    if (!namesPod(labels)) return;
    onPodSample(family, buf, labels, value);
  };

  /** A sample of one of a pod's cgroups: its network (sandbox), the pod's own, or one of its containers. */
  const onPodSample = (family: number, buf: Buffer, labels: LabelRanges, value: number) => {
    const { start, end } = labels;
    if (family === RX || family === TX) {
      // The pod's network counters, on its sandbox (pause) container, per interface.
      const series = seriesOf(buf, labels, false);
      const net = (series.network ??= { rxBytesTotal: 0, txBytesTotal: 0 });
      if (family === RX) net.rxBytesTotal += value;
      else net.txBytesTotal += value;
      return;
    }
    // The pod's own cgroup (container="") sums its containers; the sandbox is "POD" on older runtimes.
    const containerStart = start[CONTAINER];
    if (containerStart < 0 || containerStart === end[CONTAINER]) return;
    if (end[CONTAINER] - containerStart === 3 && buf[containerStart] === LETTER_P && buf[containerStart + 1] === LETTER_O && buf[containerStart + 2] === LETTER_D) return;
    const series = seriesOf(buf, labels, true);
    if (series.container === "POD") return; // an escaped "POD"
    const c = (series.reading ??= {
      namespace: series.namespace,
      pod: series.pod,
      container: series.container,
      podKey: series.podKey,
      cpuSecondsTotal: 0,
      workingSetBytes: 0,
      fsReadBytesTotal: 0,
      fsWriteBytesTotal: 0,
      cpuLimitCores: null,
      memoryLimitBytes: null,
    });
    switch (family) {
      case CPU:
        c.cpuSecondsTotal += value; // cpu="total", or one line per CPU on cAdvisors that break it down
        break;
      case WORKING_SET:
        c.workingSetBytes = value;
        break;
      case FS_READS:
        c.fsReadBytesTotal += value;
        break;
      case FS_WRITES:
        c.fsWriteBytesTotal += value;
        break;
      case CPU_QUOTA:
        series.quota = value;
        break;
      case CPU_PERIOD:
        series.period = value;
        break;
      case MEMORY_LIMIT:
        c.memoryLimitBytes = value > 0 && value < 2 ** 62 ? value : null;
        break;
    }
  };

  const parser = new PrometheusTextParser(CADVISOR_FAMILIES, null, { labels: CADVISOR_LABELS, onRawSample, labelEnds: true });
  return {
    push: (chunk) => parser.push(chunk),
    finish() {
      parser.end();
      // In order of first appearance, as the text names them.
      for (const series of seriesList) {
        const c = series.reading;
        if (c) {
          if (series.period && series.quota !== null && series.quota > 0) c.cpuLimitCores = series.quota / series.period;
          reading.containers.set(series.key ?? `${series.namespace}/${series.pod}/${series.container}`, c);
        }
        if (series.network) {
          const podKey = series.podKey;
          const net = reading.podNetworks.get(podKey);
          if (net) {
            net.rxBytesTotal += series.network.rxBytesTotal;
            net.txBytesTotal += series.network.txBytesTotal;
          } else reading.podNetworks.set(podKey, series.network);
        }
      }
      if (sampleTime !== null) reading.timestampMs = sampleTime;
      if (spareArenas.length < SPARE_ARENAS) spareArenas.push(arena);
      return reading;
    },
  };
}

/** Whether the line names a pod: a namespace and a pod label, neither empty. */
function namesPod({ start, end }: LabelRanges): boolean {
  return start[POD] >= 0 && start[POD] !== end[POD] && start[NAMESPACE] >= 0 && start[NAMESPACE] !== end[NAMESPACE];
}

/** Whether `bytes[at, at + length)` (namespace, pod, container, each followed by a 0 byte) holds the three values of buf. */
function sameSeries(bytes: Buffer, at: number, length: number, buf: Buffer, nsStart: number, nsEnd: number, podStart: number, podEnd: number, containerStart: number, containerEnd: number): boolean {
  const containerLength = containerStart >= 0 ? containerEnd - containerStart : 0;
  if (length !== nsEnd - nsStart + podEnd - podStart + containerLength + 3) return false;
  let j = at;
  for (let i = nsStart; i < nsEnd; i++) if (bytes[j++] !== buf[i]) return false;
  if (bytes[j++] !== 0) return false;
  for (let i = podStart; i < podEnd; i++) if (bytes[j++] !== buf[i]) return false;
  if (bytes[j++] !== 0) return false;
  for (let i = containerStart; i < containerEnd; i++) if (bytes[j++] !== buf[i]) return false;
  return bytes[j] === 0;
}

/** The whole text at once. */
export function readCadvisor(text: Buffer | string, readAtMs: number): NodeReading {
  const reader = createCadvisorReader(readAtMs);
  reader.push(text);
  return reader.finish();
}
