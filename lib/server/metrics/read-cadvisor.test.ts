import { describe, expect, it } from "vitest";
import { readCadvisor } from "./read-cadvisor";

// A node's cAdvisor text as the kubelet writes it: the root cgroup, one pod's cgroup, its container, and the pod's
// network counters on the sandbox (pause) container.
const POD = 'namespace="t-acme",pod="web-1"';
const CONTAINER = `container="app",id="/kubepods.slice/pod1/cri-containerd-abc.scope",image="r/app:v1",name="abc",${POD}`;
const POD_CGROUP = `container="",id="/kubepods.slice/pod1",image="",name="",${POD}`;
const SANDBOX = `container="",id="/kubepods.slice/pod1/cri-containerd-pause.scope",image="registry.k8s.io/pause:3.10",interface="eth0",name="pause",${POD}`;
const TEXT = `# HELP container_cpu_usage_seconds_total Cumulative cpu time consumed in seconds.
# TYPE container_cpu_usage_seconds_total counter
container_cpu_usage_seconds_total{container="",cpu="total",id="/",image="",name="",namespace="",pod=""} 5000 1764000000000
container_cpu_usage_seconds_total{container="",cpu="total",id="/kubepods.slice/pod1",image="",name="",${POD}} 12.5 1764000000000
container_cpu_usage_seconds_total{container="app",cpu="total",id="/kubepods.slice/pod1/cri-containerd-abc.scope",image="r/app:v1",name="abc",${POD}} 12.5 1764000000000
container_fs_reads_bytes_total{${CONTAINER.replace('image=', 'device="/dev/vda",image=')}} 2048 1764000000000
container_fs_writes_bytes_total{${CONTAINER.replace('image=', 'device="/dev/vda",image=')}} 4096 1764000000000
container_memory_working_set_bytes{container="",id="/",image="",name="",namespace="",pod=""} 8000000000 1764000000000
container_memory_working_set_bytes{${POD_CGROUP}} 104857600 1764000000000
container_memory_working_set_bytes{${CONTAINER}} 104857600 1764000000000
container_network_receive_bytes_total{container="",id="/",image="",interface="eth0",name="",namespace="",pod=""} 999 1764000000000
container_network_receive_bytes_total{${SANDBOX}} 1500 1764000000000
container_network_transmit_bytes_total{${SANDBOX}} 700 1764000000000
container_spec_cpu_period{${CONTAINER}} 100000 1764000000000
container_spec_cpu_quota{${CONTAINER}} 50000 1764000000000
container_spec_memory_limit_bytes{${CONTAINER}} 268435456 1764000000000
container_spec_memory_limit_bytes{${POD_CGROUP}} 0 1764000000000
`;

describe("readCadvisor", () => {
  it("reads each container, each pod's network and the node, at the samples' own time", () => {
    const reading = readCadvisor(TEXT, 1);
    expect(reading.timestampMs).toBe(1764000000000);
    expect(reading.node).toEqual({ cpuSecondsTotal: 5000, workingSetBytes: 8000000000, rxBytesTotal: 999, txBytesTotal: 0 });
    expect([...reading.containers.values()]).toEqual([
      {
        namespace: "t-acme",
        pod: "web-1",
        container: "app",
        cpuSecondsTotal: 12.5,
        workingSetBytes: 104857600,
        fsReadBytesTotal: 2048,
        fsWriteBytesTotal: 4096,
        cpuLimitCores: 0.5,
        memoryLimitBytes: 268435456,
      },
    ]);
    expect(reading.podNetworks.get("t-acme/web-1")).toEqual({ rxBytesTotal: 1500, txBytesTotal: 700 });
  });

  it("reports no limits for a container without any", () => {
    const text = TEXT.split("\n")
      .filter((line) => !line.startsWith("container_spec_cpu_quota") && !line.startsWith("container_spec_memory_limit_bytes"))
      .join("\n");
    const [container] = readCadvisor(text, 1).containers.values();
    expect(container).toMatchObject({ cpuLimitCores: null, memoryLimitBytes: null });
  });
});
