// What one simulated kubelet knows about its node: identity, addresses, capacity, its image cache and the
// pods it runs. Also builds the Node object it registers, with the labels, addresses, capacity and
// nodeInfo a real kubelet reports, so `kubectl describe node` and the scheduler see a believable machine.

import type { KObject } from "../core/types";
import type { PulledImage } from "./image-puller";
import type { PodRunner } from "./pod-runner";
import { seededHex } from "./seeded-random";

export interface NodeRuntime {
  name: string;
  index: number;
  internalIp: string;
  /** "10.244.3" — the first three octets of the node's /24 pod network. */
  podNetPrefix: string;
  cpuMillicores: number;
  memoryBytes: number;
  maxPods: number;
  running: boolean;
  /** False once the Node object was deleted: a kubelet does not re-register until it restarts. */
  registered: boolean;
  cadvisorHang: boolean;
  hangWaiters: (() => void)[];
  /** Images present on the node, by normalized reference. */
  images: Map<string, PulledImage>;
  /** Pods this kubelet runs, by uid. */
  pods: Map<string, PodRunner>;
  usedIps: Set<number>;
  /** Where the next pod IP search starts: host-local IPAM hands addresses out round-robin. */
  nextIpOctet: number;
  startedMs: number;
  lastLeaseRenewMs: number;
  lastStatusMs: number;
  /** CPU seconds of pods that are gone, so the root cgroup's counter never goes backwards. */
  deadCpuSeconds: number;
  /** When the unreachable taint was added (node-lifecycle controller's view). */
  unreachableSinceMs?: number;
  bootId: string;
  machineId: string;
  systemUuid: string;
}

const ZONES = ["a", "b", "c"];
export const KUBELET_VERSION = "v1.33.4";
export const KERNEL_VERSION = "6.8.0-1019-aws";
export const OS_IMAGE = "Ubuntu 24.04.1 LTS";
export const REGION = "sim-region-1";
/** CPU the OS and system daemons use on every node, for the root cgroup and `kubectl top node`. */
export const SYSTEM_CPU_MILLICORES = 120;
export const SYSTEM_MEMORY_BYTES = 900 * 1024 * 1024;

export function nodeName(index: number): string {
  return `node-${index}`;
}

export function createNodeRuntime(index: number, cpuMillicores: number, memoryBytes: number, maxPods: number, nowMs: number): NodeRuntime {
  const name = nodeName(index);
  // 10.244.<n>.0/24 as a real cluster with a /16 pod CIDR assigns it, continuing into 10.245+ past 255 nodes.
  const podNetPrefix = `10.${244 + Math.floor(index / 256)}.${index % 256}`;
  return {
    name,
    index,
    internalIp: `10.0.${Math.floor((index - 1) / 250)}.${((index - 1) % 250) + 4}`,
    podNetPrefix,
    cpuMillicores,
    memoryBytes,
    maxPods,
    running: true,
    registered: true,
    cadvisorHang: false,
    hangWaiters: [],
    images: new Map(),
    pods: new Map(),
    usedIps: new Set(),
    nextIpOctet: 2,
    startedMs: nowMs,
    lastLeaseRenewMs: nowMs,
    lastStatusMs: 0,
    deadCpuSeconds: 0,
    bootId: formatUuid(seededHex(`${name}/boot`, 32)),
    machineId: seededHex(`${name}/machine`, 32),
    systemUuid: formatUuid(seededHex(`${name}/system`, 32)),
  };
}

function formatUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function instanceType(node: NodeRuntime): string {
  return `sim.standard-${Math.round(node.cpuMillicores / 1000)}x${Math.round(node.memoryBytes / 2 ** 30)}`;
}

export function nodeLabels(node: NodeRuntime): Record<string, string> {
  return {
    "beta.kubernetes.io/arch": "amd64",
    "beta.kubernetes.io/os": "linux",
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": node.name,
    "kubernetes.io/os": "linux",
    "node.kubernetes.io/instance-type": instanceType(node),
    "topology.kubernetes.io/region": REGION,
    "topology.kubernetes.io/zone": `${REGION}${ZONES[(node.index - 1) % ZONES.length]}`,
  };
}

type ConditionStatus = "True" | "False" | "Unknown";

const CONDITION_TEXT: Record<string, { ok: ConditionStatus; reason: string; message: string }> = {
  MemoryPressure: { ok: "False", reason: "KubeletHasSufficientMemory", message: "kubelet has sufficient memory available" },
  DiskPressure: { ok: "False", reason: "KubeletHasNoDiskPressure", message: "kubelet has no disk pressure" },
  PIDPressure: { ok: "False", reason: "KubeletHasSufficientPID", message: "kubelet has sufficient PID available" },
  Ready: { ok: "True", reason: "KubeletReady", message: "kubelet is posting ready status" },
};

/** Healthy conditions as the kubelet posts them, keeping transition times whose status did not change. */
export function healthyConditions(previous: any[] | undefined, now: string): any[] {
  return Object.entries(CONDITION_TEXT).map(([type, text]) => {
    const old = previous?.find((c) => c.type === type);
    return {
      type,
      status: text.ok,
      lastHeartbeatTime: now,
      lastTransitionTime: old && old.status === text.ok ? old.lastTransitionTime : now,
      reason: text.reason,
      message: text.message,
    };
  });
}

/** What the node-lifecycle controller writes when the kubelet stops posting status. */
export function unknownConditions(previous: any[] | undefined, now: string): any[] {
  return Object.keys(CONDITION_TEXT).map((type) => {
    const old = previous?.find((c) => c.type === type);
    return {
      type,
      status: "Unknown",
      lastHeartbeatTime: old?.lastHeartbeatTime ?? now,
      lastTransitionTime: now,
      reason: "NodeStatusUnknown",
      message: "Kubelet stopped posting node status.",
    };
  });
}

export function nodeStatus(node: NodeRuntime, previous: any | undefined, now: string): any {
  const memoryKi = Math.floor(node.memoryBytes / 1024);
  // Allocatable subtracts kube/system reserved and the eviction threshold, as on a real node.
  const allocatableMemoryKi = memoryKi - 100 * 1024 - 256 * 1024;
  return {
    capacity: { cpu: String(node.cpuMillicores / 1000), "ephemeral-storage": "101430960Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: `${memoryKi}Ki`, pods: String(node.maxPods) },
    allocatable: {
      cpu: `${node.cpuMillicores - 100}m`,
      "ephemeral-storage": "93478772582",
      "hugepages-1Gi": "0",
      "hugepages-2Mi": "0",
      memory: `${allocatableMemoryKi}Ki`,
      pods: String(node.maxPods),
    },
    conditions: healthyConditions(previous?.conditions, now),
    addresses: [
      { type: "InternalIP", address: node.internalIp },
      { type: "Hostname", address: node.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: node.machineId,
      systemUUID: node.systemUuid,
      bootID: node.bootId,
      kernelVersion: KERNEL_VERSION,
      osImage: OS_IMAGE,
      containerRuntimeVersion: "containerd://1.7.27",
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: "",
      operatingSystem: "linux",
      architecture: "amd64",
    },
    images: previous?.images ?? [],
  };
}

export function newNodeObject(node: NodeRuntime, now: string): KObject {
  const status = nodeStatus(node, undefined, now);
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: node.name,
      labels: nodeLabels(node),
      annotations: { "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true" },
    },
    spec: { podCIDR: `${node.podNetPrefix}.0/24`, podCIDRs: [`${node.podNetPrefix}.0/24`] },
    status,
  };
}
