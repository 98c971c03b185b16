// Metrics a simulated node exposes: the kubelet's /metrics/cadvisor and /metrics/resource texts and the
// numbers behind metrics.k8s.io. Every value is computed from the load model at the moment of the scrape
// (counters are exact integrals since the container started), so nothing accumulates in the background
// and a node with 60 containers renders in one pass of string building.

import type { NodeMetricsItem, PodMetricsItem } from "../core/types";
import { cpuSecondsBetween, loadAt } from "./load-model";
import type { NodeRuntime } from "./node-runtime";
import { KERNEL_VERSION, OS_IMAGE, SYSTEM_CPU_MILLICORES, SYSTEM_MEMORY_BYTES } from "./node-runtime";
import type { ContainerRuntime, PodRunner } from "./pod-runner";

/** Bytes moved over the pod network per CPU-second of work, and a trickle per second of uptime. */
const RX_BYTES_PER_CPU_SECOND = 150_000;
const TX_BYTES_PER_CPU_SECOND = 400_000;
const RX_BYTES_PER_SECOND = 200;
const TX_BYTES_PER_SECOND = 120;
const RX_BYTES_PER_PACKET = 900;
const TX_BYTES_PER_PACKET = 700;
const FS_READ_BYTES_PER_CPU_SECOND = 20_480;
const FS_WRITE_BYTES_PER_CPU_SECOND = 51_200;
export const METRICS_WINDOW_SECONDS = 15;
const PAUSE_IMAGE = "registry.k8s.io/pause:3.10";

export function containerCpuSeconds(c: ContainerRuntime, nowMs: number): number {
  return c.phase === "running" && c.current ? cpuSecondsBetween(c.loadKey, c.current.startMs, nowMs) : 0;
}

function podCpuSeconds(pod: PodRunner, nowMs: number): number {
  let sum = 0;
  for (const c of pod.allContainers()) sum += c.deadCpuSeconds + containerCpuSeconds(c, nowMs);
  return sum;
}

function containerMemory(c: ContainerRuntime, nowMs: number): number {
  return c.phase === "running" ? loadAt(c.loadKey, nowMs).memoryBytes : 0;
}

export function nodeCpuSeconds(node: NodeRuntime, nowMs: number): number {
  let sum = node.deadCpuSeconds + (SYSTEM_CPU_MILLICORES * Math.max(0, nowMs - node.startedMs)) / 1e6;
  for (const pod of node.pods.values()) sum += podCpuSeconds(pod, nowMs);
  return sum;
}

export function nodeMemoryBytes(node: NodeRuntime, nowMs: number): number {
  let sum = SYSTEM_MEMORY_BYTES;
  for (const pod of node.pods.values()) for (const c of pod.allContainers()) sum += containerMemory(c, nowMs);
  return sum;
}

function esc(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** The label sets of one cgroup, complete except for the braces (cached per container instance). */
export interface CgroupLabels {
  plain: string;
  /** With cpu="total" sorted in. */
  cpu: string;
  /** With device="/dev/vda" sorted in; absent for pod cgroups, whose IO cAdvisor reports per container. */
  device?: string;
}

interface Series {
  labels: CgroupLabels;
  cpuSeconds: number;
  workingSet: number;
  startSeconds: number;
  cpuShares: number;
  cpuQuota?: number;
  memoryLimit: number;
  /** Network counters with their own (sandbox) labels, interface included. */
  network?: { rx: number; tx: number; labels: string };
}

/** cAdvisor sorts labels by name: container, cpu, device, id, image, interface, name, namespace, pod. */
function cgroupLabels(container: string, idImage: string, tail: string, withDevice: boolean): CgroupLabels {
  return {
    plain: `container="${container}",${idImage},${tail}`,
    cpu: `container="${container}",cpu="total",${idImage},${tail}`,
    ...(withDevice ? { device: `container="${container}",device="/dev/vda",${idImage},${tail}` } : {}),
  };
}

const ROOT_LABELS = cgroupLabels("", 'id="/",image=""', 'name="",namespace="",pod=""', true);
const ROOT_NETWORK_LABELS = 'container="",id="/",image="",interface="eth0",name="",namespace="",pod=""';

function podCgroup(pod: PodRunner): string {
  const uid = pod.uid.replace(/-/g, "_");
  if (pod.qosClass === "Guaranteed") return `/kubepods.slice/kubepods-pod${uid}.slice`;
  const tier = pod.qosClass === "BestEffort" ? "besteffort" : "burstable";
  return `/kubepods.slice/kubepods-${tier}.slice/kubepods-${tier}-pod${uid}.slice`;
}

function podLabels(pod: PodRunner): NonNullable<PodRunner["cadvisorLabels"]> {
  if (pod.cadvisorLabels) return pod.cadvisorLabels;
  const cgroup = podCgroup(pod);
  const tail = `namespace="${esc(pod.namespace)}",pod="${esc(pod.name)}"`;
  const sandboxId = pod.uid.replace(/-/g, "").padEnd(64, "0").slice(0, 64);
  return (pod.cadvisorLabels = {
    cgroup,
    tail,
    labels: cgroupLabels("", `id="${cgroup}",image=""`, `name="",${tail}`, false),
    // Network counters belong to the sandbox (pause) container, which owns the pod's network namespace.
    network: `container="",id="${cgroup}/cri-containerd-${sandboxId}.scope",image="${PAUSE_IMAGE}",interface="eth0",name="${sandboxId}",${tail}`,
  });
}

function network(cpuSeconds: number, uptimeSeconds: number) {
  return {
    rx: Math.round(cpuSeconds * RX_BYTES_PER_CPU_SECOND + uptimeSeconds * RX_BYTES_PER_SECOND),
    tx: Math.round(cpuSeconds * TX_BYTES_PER_CPU_SECOND + uptimeSeconds * TX_BYTES_PER_SECOND),
  };
}

function collectSeries(node: NodeRuntime, nowMs: number): Series[] {
  const out: Series[] = [];
  const rootCpu = nodeCpuSeconds(node, nowMs);
  out.push({
    labels: ROOT_LABELS,
    cpuSeconds: rootCpu,
    workingSet: nodeMemoryBytes(node, nowMs),
    startSeconds: node.startedMs / 1000,
    cpuShares: 1024,
    memoryLimit: 0,
    network: { ...network(rootCpu, (nowMs - node.startedMs) / 1000), labels: ROOT_NETWORK_LABELS },
  });
  for (const pod of node.pods.values()) {
    if (!pod.podIp) continue;
    const p = podLabels(pod);
    let cpu = 0;
    let memory = 0;
    let shares = 0;
    let quota = 0;
    let quotaComplete = true;
    let memoryLimit = 0;
    let memoryComplete = true;
    const containerSeries: Series[] = [];
    for (const c of pod.allContainers()) {
      const r = c.resources;
      if (r.cpuLimitMillicores === undefined) quotaComplete = false;
      else quota += r.cpuLimitMillicores * 100;
      if (r.memoryLimitBytes === undefined) memoryComplete = false;
      else memoryLimit += r.memoryLimitBytes;
      shares += r.cpuRequestMillicores ?? 0;
      const live = containerCpuSeconds(c, nowMs);
      cpu += c.deadCpuSeconds + live;
      if (c.phase !== "running" || !c.current) continue;
      const ws = containerMemory(c, nowMs);
      memory += ws;
      const instance = c.current;
      instance.cadvisorLabels ??= cgroupLabels(
        esc(c.name),
        `id="${p.cgroup}/cri-containerd-${instance.containerId}.scope",image="${esc(c.ref.normalized)}"`,
        `name="${instance.containerId}",${p.tail}`,
        true,
      );
      containerSeries.push({
        labels: instance.cadvisorLabels,
        cpuSeconds: live,
        workingSet: ws,
        startSeconds: instance.startMs / 1000,
        cpuShares: Math.max(2, Math.floor(((r.cpuRequestMillicores ?? 0) * 1024) / 1000)),
        cpuQuota: r.cpuLimitMillicores !== undefined ? r.cpuLimitMillicores * 100 : undefined,
        memoryLimit: r.memoryLimitBytes ?? 0,
      });
    }
    out.push({
      labels: p.labels,
      cpuSeconds: cpu,
      workingSet: memory,
      startSeconds: pod.startTimeMs / 1000,
      cpuShares: Math.max(2, Math.floor((shares * 1024) / 1000)),
      cpuQuota: quotaComplete && quota > 0 ? quota : undefined,
      memoryLimit: memoryComplete ? memoryLimit : 0,
      network: { ...network(cpu, (nowMs - pod.startTimeMs) / 1000), labels: p.network },
    });
    for (const s of containerSeries) out.push(s);
  }
  return out;
}

const FAMILY_HEADERS: [string, string, string][] = [
  ["container_cpu_system_seconds_total", "Cumulative system cpu time consumed in seconds.", "counter"],
  ["container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", "counter"],
  ["container_cpu_user_seconds_total", "Cumulative user cpu time consumed in seconds.", "counter"],
  ["container_fs_reads_bytes_total", "Cumulative count of bytes read", "counter"],
  ["container_fs_writes_bytes_total", "Cumulative count of bytes written", "counter"],
  ["container_last_seen", "Last time a container was seen by the exporter", "gauge"],
  ["container_memory_cache", "Number of bytes of page cache memory.", "gauge"],
  ["container_memory_rss", "Size of RSS in bytes.", "gauge"],
  ["container_memory_usage_bytes", "Current memory usage in bytes, including all memory regardless of when it was accessed", "gauge"],
  ["container_memory_working_set_bytes", "Current working set in bytes.", "gauge"],
  ["container_network_receive_bytes_total", "Cumulative count of bytes received", "counter"],
  ["container_network_receive_packets_total", "Cumulative count of packets received", "counter"],
  ["container_network_transmit_bytes_total", "Cumulative count of bytes transmitted", "counter"],
  ["container_network_transmit_packets_total", "Cumulative count of packets transmitted", "counter"],
  ["container_spec_cpu_period", "CPU period of the container.", "gauge"],
  ["container_spec_cpu_quota", "CPU quota of the container.", "gauge"],
  ["container_spec_cpu_shares", "CPU share of the container.", "gauge"],
  ["container_spec_memory_limit_bytes", "Memory limit for the container.", "gauge"],
  ["container_start_time_seconds", "Start time of the container since unix epoch in seconds.", "gauge"],
];
const HEADER_TEXT = new Map(FAMILY_HEADERS.map(([name, help, type]) => [name, `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`]));

const CADVISOR_VERSION_INFO =
  "# HELP cadvisor_version_info A metric with a constant '1' value labeled by kernel version, OS version, docker version, cadvisor version & cadvisor revision.\n" +
  "# TYPE cadvisor_version_info gauge\n" +
  `cadvisor_version_info{cadvisorRevision="",cadvisorVersion="",dockerVersion="",kernelVersion="${KERNEL_VERSION}",osVersion="${OS_IMAGE}"} 1\n`;

/** The kubelet's `/metrics/cadvisor` text for one node at `nowMs`. */
export function renderCadvisor(node: NodeRuntime, nowMs: number): string {
  const series = collectSeries(node, nowMs);
  const ts = ` ${nowMs}\n`;
  const lastSeen = String(Math.floor(nowMs / 1000));
  let out = CADVISOR_VERSION_INFO;
  // One pass per family in cAdvisor's (alphabetical) order; each sample is a handful of concatenations.
  const family = (name: string, line: (s: Series, prefix: string) => string) => {
    out += HEADER_TEXT.get(name)!;
    const prefix = `${name}{`;
    for (const s of series) out += line(s, prefix);
  };
  family("container_cpu_system_seconds_total", (s, p) => p + s.labels.plain + "} " + s.cpuSeconds * 0.3 + ts);
  family("container_cpu_usage_seconds_total", (s, p) => p + s.labels.cpu + "} " + s.cpuSeconds + ts);
  family("container_cpu_user_seconds_total", (s, p) => p + s.labels.plain + "} " + s.cpuSeconds * 0.7 + ts);
  family("container_fs_reads_bytes_total", (s, p) => (s.labels.device ? p + s.labels.device + "} " + Math.round(s.cpuSeconds * FS_READ_BYTES_PER_CPU_SECOND) + ts : ""));
  family("container_fs_writes_bytes_total", (s, p) => (s.labels.device ? p + s.labels.device + "} " + Math.round(s.cpuSeconds * FS_WRITE_BYTES_PER_CPU_SECOND) + ts : ""));
  family("container_last_seen", (s, p) => p + s.labels.plain + "} " + lastSeen + ts);
  family("container_memory_cache", (s, p) => p + s.labels.plain + "} " + Math.round(s.workingSet * 0.3) + ts);
  family("container_memory_rss", (s, p) => p + s.labels.plain + "} " + Math.round(s.workingSet * 0.85) + ts);
  family("container_memory_usage_bytes", (s, p) => p + s.labels.plain + "} " + (Math.round(s.workingSet * 0.85) + Math.round(s.workingSet * 0.3)) + ts);
  family("container_memory_working_set_bytes", (s, p) => p + s.labels.plain + "} " + s.workingSet + ts);
  family("container_network_receive_bytes_total", (s, p) => (s.network ? p + s.network.labels + "} " + s.network.rx + ts : ""));
  family("container_network_receive_packets_total", (s, p) => (s.network ? p + s.network.labels + "} " + Math.round(s.network.rx / RX_BYTES_PER_PACKET) + ts : ""));
  family("container_network_transmit_bytes_total", (s, p) => (s.network ? p + s.network.labels + "} " + s.network.tx + ts : ""));
  family("container_network_transmit_packets_total", (s, p) => (s.network ? p + s.network.labels + "} " + Math.round(s.network.tx / TX_BYTES_PER_PACKET) + ts : ""));
  family("container_spec_cpu_period", (s, p) => p + s.labels.plain + "} 100000" + ts);
  // cAdvisor reports a quota only for cgroups that have one.
  family("container_spec_cpu_quota", (s, p) => (s.cpuQuota !== undefined ? p + s.labels.plain + "} " + s.cpuQuota + ts : ""));
  family("container_spec_cpu_shares", (s, p) => p + s.labels.plain + "} " + s.cpuShares + ts);
  family("container_spec_memory_limit_bytes", (s, p) => p + s.labels.plain + "} " + s.memoryLimit + ts);
  family("container_start_time_seconds", (s, p) => p + s.labels.plain + "} " + s.startSeconds + ts);
  const machine = `{boot_id="${node.bootId}",machine_id="${node.machineId}",system_uuid="${node.systemUuid}"}`;
  out +=
    "# HELP machine_cpu_cores Number of logical CPU cores.\n# TYPE machine_cpu_cores gauge\n" +
    `machine_cpu_cores${machine} ${Math.round(node.cpuMillicores / 1000)}\n` +
    "# HELP machine_memory_bytes Amount of memory installed on the machine.\n# TYPE machine_memory_bytes gauge\n" +
    `machine_memory_bytes${machine} ${node.memoryBytes}\n`;
  return out;
}

/** The kubelet's `/metrics/resource` text (what metrics-server scrapes). */
export function renderResourceMetrics(node: NodeRuntime, nowMs: number): string {
  const ts = ` ${nowMs}`;
  const cpu: string[] = [];
  const mem: string[] = [];
  const start: string[] = [];
  const podCpu: string[] = [];
  const podMem: string[] = [];
  for (const pod of node.pods.values()) {
    const tail = `namespace="${esc(pod.namespace)}",pod="${esc(pod.name)}"`;
    let memory = 0;
    let any = false;
    for (const c of pod.allContainers()) {
      if (c.phase !== "running" || !c.current) continue;
      any = true;
      const labels = `{container="${esc(c.name)}",${tail}}`;
      const ws = containerMemory(c, nowMs);
      memory += ws;
      cpu.push(`container_cpu_usage_seconds_total${labels} ${String(containerCpuSeconds(c, nowMs))}${ts}`);
      mem.push(`container_memory_working_set_bytes${labels} ${ws}${ts}`);
      start.push(`container_start_time_seconds${labels} ${String(c.current.startMs / 1000)}${ts}`);
    }
    if (!any) continue;
    podCpu.push(`pod_cpu_usage_seconds_total{${tail}} ${String(podCpuSeconds(pod, nowMs))}${ts}`);
    podMem.push(`pod_memory_working_set_bytes{${tail}} ${memory}${ts}`);
  }
  return [
    "# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds",
    "# TYPE container_cpu_usage_seconds_total counter",
    ...cpu,
    "# HELP container_memory_working_set_bytes [STABLE] Current working set of the container in bytes",
    "# TYPE container_memory_working_set_bytes gauge",
    ...mem,
    "# HELP container_start_time_seconds [STABLE] Start time of the container since unix epoch in seconds",
    "# TYPE container_start_time_seconds gauge",
    ...start,
    "# HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the node in core-seconds",
    "# TYPE node_cpu_usage_seconds_total counter",
    `node_cpu_usage_seconds_total ${String(nodeCpuSeconds(node, nowMs))}${ts}`,
    "# HELP node_memory_working_set_bytes [STABLE] Current working set of the node in bytes",
    "# TYPE node_memory_working_set_bytes gauge",
    `node_memory_working_set_bytes ${nodeMemoryBytes(node, nowMs)}${ts}`,
    "# HELP pod_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the pod in core-seconds",
    "# TYPE pod_cpu_usage_seconds_total counter",
    ...podCpu,
    "# HELP pod_memory_working_set_bytes [STABLE] Current working set of the pod in bytes",
    "# TYPE pod_memory_working_set_bytes gauge",
    ...podMem,
    "# HELP resource_scrape_error [STABLE] 1 if there was an error while getting container metrics, 0 otherwise",
    "# TYPE resource_scrape_error gauge",
    "resource_scrape_error 0",
  ].join("\n") + "\n";
}

function nanocores(cpuSecondsNow: number, cpuSecondsBefore: number, windowSeconds: number): string {
  return `${Math.max(0, Math.round(((cpuSecondsNow - cpuSecondsBefore) / windowSeconds) * 1e9))}n`;
}

function ki(bytes: number): string {
  return `${Math.round(bytes / 1024)}Ki`;
}

/** metrics.k8s.io PodMetrics for the pods of one node (usage averaged over the last window, as metrics-server). */
export function podMetricsOf(node: NodeRuntime, nowMs: number, namespace?: string): PodMetricsItem[] {
  const items: PodMetricsItem[] = [];
  const timestamp = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, "Z");
  for (const pod of node.pods.values()) {
    if (namespace && pod.namespace !== namespace) continue;
    const containers: PodMetricsItem["containers"] = [];
    for (const c of pod.containers) {
      if (c.phase !== "running" || !c.current) continue;
      const from = Math.max(c.current.startMs, nowMs - METRICS_WINDOW_SECONDS * 1000);
      const windowSeconds = Math.max(0.001, (nowMs - from) / 1000);
      containers.push({
        name: c.name,
        usage: { cpu: nanocores(cpuSecondsBetween(c.loadKey, from, nowMs), 0, windowSeconds), memory: ki(containerMemory(c, nowMs)) },
      });
    }
    if (containers.length === 0) continue;
    items.push({ namespace: pod.namespace, name: pod.name, labels: { ...(pod.pod.metadata.labels ?? {}) }, timestamp, window: `${METRICS_WINDOW_SECONDS}s`, containers });
  }
  return items;
}

export function nodeMetricsOf(node: NodeRuntime, labels: Record<string, string>, nowMs: number): NodeMetricsItem {
  const from = nowMs - METRICS_WINDOW_SECONDS * 1000;
  return {
    name: node.name,
    labels,
    timestamp: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
    window: `${METRICS_WINDOW_SECONDS}s`,
    usage: { cpu: nanocores(nodeCpuSeconds(node, nowMs), nodeCpuSeconds(node, from), METRICS_WINDOW_SECONDS), memory: ki(nodeMemoryBytes(node, nowMs)) },
  };
}
