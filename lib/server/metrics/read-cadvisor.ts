import "server-only";
import { PrometheusTextParser, type PrometheusSample } from "./prometheus-text-parser";

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

/** Reads one node's text as it streams in; `finish()` returns the readings. */
export function createCadvisorReader(readAtMs: number): { push(chunk: Buffer | string): void; finish(): NodeReading } {
  const reading: NodeReading = {
    timestampMs: readAtMs,
    node: { cpuSecondsTotal: 0, workingSetBytes: 0, rxBytesTotal: 0, txBytesTotal: 0 },
    containers: new Map(),
    podNetworks: new Map(),
  };
  const quotas = new Map<string, number>();
  const periods = new Map<string, number>();
  let sampleTime: number | null = null;

  const containerOf = (key: string, labels: Record<string, string>): ContainerReading => {
    let c = reading.containers.get(key);
    if (!c) {
      c = {
        namespace: labels.namespace,
        pod: labels.pod,
        container: labels.container,
        cpuSecondsTotal: 0,
        workingSetBytes: 0,
        fsReadBytesTotal: 0,
        fsWriteBytesTotal: 0,
        cpuLimitCores: null,
        memoryLimitBytes: null,
      };
      reading.containers.set(key, c);
    }
    return c;
  };

  const onSample = ({ name, labels, value, timestampMs }: PrometheusSample) => {
    if (timestampMs !== null) sampleTime = Math.max(sampleTime ?? 0, timestampMs);
    const isNetwork = name === "container_network_receive_bytes_total" || name === "container_network_transmit_bytes_total";
    if (labels.id === "/") {
      if (name === "container_cpu_usage_seconds_total") reading.node.cpuSecondsTotal += value;
      else if (name === "container_memory_working_set_bytes") reading.node.workingSetBytes = value;
      else if (name === "container_network_receive_bytes_total") reading.node.rxBytesTotal += value;
      else if (name === "container_network_transmit_bytes_total") reading.node.txBytesTotal += value;
      return;
    }
    if (!labels.pod || !labels.namespace) return;
    if (isNetwork) {
      const podKey = `${labels.namespace}/${labels.pod}`;
      let net = reading.podNetworks.get(podKey);
      if (!net) reading.podNetworks.set(podKey, (net = { rxBytesTotal: 0, txBytesTotal: 0 }));
      if (name === "container_network_receive_bytes_total") net.rxBytesTotal += value;
      else net.txBytesTotal += value;
      return;
    }
    // The pod's own cgroup (container="") sums its containers; the sandbox is "POD" on older runtimes.
    if (!labels.container || labels.container === "POD") return;
    const key = `${labels.namespace}/${labels.pod}/${labels.container}`;
    const c = containerOf(key, labels);
    switch (name) {
      case "container_cpu_usage_seconds_total":
        c.cpuSecondsTotal += value; // cpu="total", or one line per CPU on cAdvisors that break it down
        break;
      case "container_memory_working_set_bytes":
        c.workingSetBytes = value;
        break;
      case "container_fs_reads_bytes_total":
        c.fsReadBytesTotal += value;
        break;
      case "container_fs_writes_bytes_total":
        c.fsWriteBytesTotal += value;
        break;
      case "container_spec_cpu_quota":
        quotas.set(key, value);
        break;
      case "container_spec_cpu_period":
        periods.set(key, value);
        break;
      case "container_spec_memory_limit_bytes":
        c.memoryLimitBytes = value > 0 && value < 2 ** 62 ? value : null;
        break;
    }
  };

  const parser = new PrometheusTextParser(CADVISOR_FAMILIES, onSample, { labels: CADVISOR_LABELS });
  return {
    push: (chunk) => parser.push(chunk),
    finish() {
      parser.end();
      for (const [key, quota] of quotas) {
        const period = periods.get(key);
        const c = reading.containers.get(key);
        if (c && period && quota > 0) c.cpuLimitCores = quota / period;
      }
      if (sampleTime !== null) reading.timestampMs = sampleTime;
      return reading;
    },
  };
}

/** The whole text at once. */
export function readCadvisor(text: Buffer | string, readAtMs: number): NodeReading {
  const reader = createCadvisorReader(readAtMs);
  reader.push(text);
  return reader.finish();
}
