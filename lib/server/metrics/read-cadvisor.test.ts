import { describe, expect, it } from "vitest";
import { parsePrometheusText } from "./prometheus-text-parser";
import { createCadvisorReader, readCadvisor, type NodeReading } from "./read-cadvisor";

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
        podKey: "t-acme/web-1",
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

  it("reads what the reader of every decoded sample reads, whatever the families' series order, escapes and chunking", () => {
    const text = busyNodeText();
    const expected = readingFromDecodedSamples(text);
    expect(expected.containers.size).toBe(5);
    expect(expected.podNetworks.size).toBe(4);
    for (const chunkSize of [text.length, 4096, 97, 7]) {
      const reader = createCadvisorReader(1);
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length; at += chunkSize) reader.push(bytes.subarray(at, at + chunkSize));
      const reading = reader.finish();
      expect({ ...reading, containers: [...reading.containers], podNetworks: [...reading.podNetworks] }).toEqual({
        ...expected,
        containers: [...expected.containers],
        podNetworks: [...expected.podNetworks],
      });
    }
  });

  it("keys each text's own cgroups when an earlier text named others of the same lengths", () => {
    readCadvisor(TEXT, 1);
    // Same byte lengths as t-acme/web-1/app, other bytes: found by the hash of its bytes, never by an earlier name.
    const moved = TEXT.replaceAll("t-acme", "t-acmf").replaceAll('"web-1"', '"web-2"').replaceAll('container="app"', 'container="apq"');
    const reading = readCadvisor(moved, 1);
    expect([...reading.containers.keys()]).toEqual(["t-acmf/web-2/apq"]);
    expect(reading.containers.get("t-acmf/web-2/apq")).toMatchObject({ namespace: "t-acmf", pod: "web-2", container: "apq", cpuSecondsTotal: 12.5 });
    expect([...reading.podNetworks.keys()]).toEqual(["t-acmf/web-2"]);
    expect([...readCadvisor(TEXT, 1).containers.keys()]).toEqual(["t-acme/web-1/app"]);
  });
});

/** cAdvisor's rules read off fully decoded samples (every label), one sample at a time: the reader's reference. */
function readingFromDecodedSamples(text: string): NodeReading {
  const reading: NodeReading = { timestampMs: 1, node: { cpuSecondsTotal: 0, workingSetBytes: 0, rxBytesTotal: 0, txBytesTotal: 0 }, containers: new Map(), podNetworks: new Map() };
  const quotas = new Map<string, number>();
  const periods = new Map<string, number>();
  parsePrometheusText(text, null, ({ name, labels, value, timestampMs }) => {
    if (!name.startsWith("container_")) return;
    if (timestampMs !== null) reading.timestampMs = Math.max(reading.timestampMs, timestampMs);
    const network = name === "container_network_receive_bytes_total" || name === "container_network_transmit_bytes_total";
    if (labels.id === "/") {
      if (name === "container_cpu_usage_seconds_total") reading.node.cpuSecondsTotal += value;
      if (name === "container_memory_working_set_bytes") reading.node.workingSetBytes = value;
      if (name === "container_network_receive_bytes_total") reading.node.rxBytesTotal += value;
      if (name === "container_network_transmit_bytes_total") reading.node.txBytesTotal += value;
      return;
    }
    if (!labels.namespace || !labels.pod) return;
    if (network) {
      const key = `${labels.namespace}/${labels.pod}`;
      const net = reading.podNetworks.get(key) ?? { rxBytesTotal: 0, txBytesTotal: 0 };
      reading.podNetworks.set(key, net);
      if (name === "container_network_receive_bytes_total") net.rxBytesTotal += value;
      else net.txBytesTotal += value;
      return;
    }
    if (!labels.container || labels.container === "POD") return;
    const key = `${labels.namespace}/${labels.pod}/${labels.container}`;
    const wanted = ["cpu_usage_seconds_total", "memory_working_set_bytes", "fs_reads_bytes_total", "fs_writes_bytes_total", "spec_cpu_quota", "spec_cpu_period", "spec_memory_limit_bytes"];
    if (!wanted.includes(name.slice("container_".length))) return;
    const c = reading.containers.get(key) ?? {
      namespace: labels.namespace,
      pod: labels.pod,
      container: labels.container,
      podKey: `${labels.namespace}/${labels.pod}`,
      cpuSecondsTotal: 0,
      workingSetBytes: 0,
      fsReadBytesTotal: 0,
      fsWriteBytesTotal: 0,
      cpuLimitCores: null,
      memoryLimitBytes: null,
    };
    reading.containers.set(key, c);
    if (name === "container_cpu_usage_seconds_total") c.cpuSecondsTotal += value;
    if (name === "container_memory_working_set_bytes") c.workingSetBytes = value;
    if (name === "container_fs_reads_bytes_total") c.fsReadBytesTotal += value;
    if (name === "container_fs_writes_bytes_total") c.fsWriteBytesTotal += value;
    if (name === "container_spec_cpu_quota") quotas.set(key, value);
    if (name === "container_spec_cpu_period") periods.set(key, value);
    if (name === "container_spec_memory_limit_bytes") c.memoryLimitBytes = value > 0 && value < 2 ** 62 ? value : null;
  });
  for (const [key, quota] of quotas) {
    const c = reading.containers.get(key)!;
    const period = periods.get(key);
    if (period && quota > 0) c.cpuLimitCores = quota / period;
  }
  return reading;
}

/**
 * A node with system cgroups, a docker-era "POD" sandbox, a pod of two containers, per-CPU usage lines, two network
 * interfaces, escaped label values, and every family listing its series in its own order.
 */
function busyNodeText(): string {
  const cgroups = [
    { container: "", id: "/", namespace: "", pod: "" },
    { container: "", id: "/system.slice/kubelet.service", namespace: "", pod: "" },
    { container: "", id: "/kubepods.slice", namespace: "", pod: "" },
    { container: "", id: "/kubepods.slice/pod1", namespace: "t-acme", pod: "web-1" },
    { container: "app", id: "/kubepods.slice/pod1/a", namespace: "t-acme", pod: "web-1" },
    { container: "sidecar", id: "/kubepods.slice/pod1/s", namespace: "t-acme", pod: "web-1" },
    { container: "POD", id: "/kubepods.slice/pod1/p", namespace: "t-acme", pod: "web-1" },
    { container: "app", id: "/kubepods.slice/pod2/a", namespace: "t-acme", pod: "web-2" },
    { container: "app", id: "/kubepods.slice/pod3/a", namespace: "t-beta", pod: "web-1" },
    { container: 'we\\ird\\"one', id: "/kubepods.slice/pod4/a", namespace: "t-\\\"q\\\"", pod: "db-0" },
  ];
  const sandboxes = [
    { id: "/", namespace: "", pod: "" },
    { id: "/system.slice/containerd.service", namespace: "", pod: "" },
    { id: "/kubepods.slice/pod1/p", namespace: "t-acme", pod: "web-1" },
    { id: "/kubepods.slice/pod2/p", namespace: "t-acme", pod: "web-2" },
    { id: "/kubepods.slice/pod3/p", namespace: "t-beta", pod: "web-1" },
    { id: "/kubepods.slice/pod4/p", namespace: "t-\\\"q\\\"", pod: "db-0" },
  ];
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const shuffled = <T>(items: T[]) => items.map((item) => ({ item, at: random() })).sort((a, b) => a.at - b.at).map(({ item }) => item);
  const lines: string[] = [];
  const family = (name: string, rows: string[]) => lines.push(`# HELP ${name} x`, `# TYPE ${name} gauge`, ...rows);
  const plain = (c: (typeof cgroups)[number]) => `container="${c.container}",id="${c.id}",image="img",name="n",namespace="${c.namespace}",pod="${c.pod}"`;
  const ts = (i: number) => ` ${1764000000000 + i}`;
  family("container_cpu_system_seconds_total", shuffled(cgroups).map((c, i) => `container_cpu_system_seconds_total{${plain(c)}} ${i}`));
  family("container_cpu_usage_seconds_total", shuffled(cgroups).flatMap((c, i) => ["cpu00", "cpu01"].map((cpu, k) => `container_cpu_usage_seconds_total{${plain(c).replace(",id=", `,cpu="${cpu}",id=`)}} ${10 * i + k + 0.123456789012345678}${ts(i)}`)));
  family("container_fs_reads_bytes_total", shuffled(cgroups).map((c, i) => `container_fs_reads_bytes_total{${plain(c).replace(",id=", ',device="/dev/vda",id=')}} ${1000 + i}`));
  family("container_fs_writes_bytes_total", shuffled(cgroups).map((c, i) => `container_fs_writes_bytes_total{${plain(c).replace(",id=", ',device="/dev/vda",id=')}} ${2000 + i}`));
  family("container_memory_working_set_bytes", shuffled(cgroups).map((c, i) => `container_memory_working_set_bytes{${plain(c)}} ${3e6 + i}`));
  for (const direction of ["receive", "transmit"])
    family(
      `container_network_${direction}_bytes_total`,
      shuffled(sandboxes).flatMap((s, i) => ["eth0", "eth1"].map((eth, k) => `container_network_${direction}_bytes_total{container="",id="${s.id}",image="pause",interface="${eth}",name="p",namespace="${s.namespace}",pod="${s.pod}"} ${5000 * i + k}`)),
    );
  family("container_spec_cpu_period", shuffled(cgroups).map((c) => `container_spec_cpu_period{${plain(c)}} 100000`));
  family("container_spec_cpu_quota", shuffled(cgroups.filter((c) => c.container !== "sidecar")).map((c, i) => `container_spec_cpu_quota{${plain(c)}} ${25000 * (i + 1)}`));
  family("container_spec_memory_limit_bytes", shuffled(cgroups).map((c, i) => `container_spec_memory_limit_bytes{${plain(c)}} ${i % 3 === 0 ? 0 : 2 ** 28 + i}`));
  family("container_start_time_seconds", shuffled(cgroups).map((c) => `container_start_time_seconds{${plain(c)}} 1764000000`));
  return `${lines.join("\r\n")}\n`;
}
