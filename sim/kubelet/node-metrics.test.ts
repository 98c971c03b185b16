import { afterEach, describe, expect, it } from "vitest";
import { startHarness } from "./kubelet-harness";
import type { KubeletHarness } from "./kubelet-harness";
import { cpuSecondsBetween } from "./load-model";

let h: KubeletHarness | undefined;
afterEach(() => {
  h?.hub.stop();
  h = undefined;
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
}

function parse(text: string): { samples: Sample[]; help: Map<string, string>; type: Map<string, string> } {
  const samples: Sample[] = [];
  const help = new Map<string, string>();
  const type = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (!line) continue;
    let m = /^# HELP (\S+) (.*)$/.exec(line);
    if (m) {
      help.set(m[1], m[2]);
      continue;
    }
    m = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (m) {
      type.set(m[1], m[2]);
      continue;
    }
    m = /^([a-z_]+)(?:\{(.*)\})? (\S+)(?: (\d+))?$/.exec(line);
    if (!m) throw new Error(`bad exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3]), timestamp: m[4] ? Number(m[4]) : undefined });
  }
  return { samples, help, type };
}

const FAMILIES = [
  "container_cpu_usage_seconds_total",
  "container_cpu_user_seconds_total",
  "container_cpu_system_seconds_total",
  "container_memory_working_set_bytes",
  "container_memory_usage_bytes",
  "container_memory_rss",
  "container_memory_cache",
  "container_network_receive_bytes_total",
  "container_network_transmit_bytes_total",
  "container_network_receive_packets_total",
  "container_network_transmit_packets_total",
  "container_fs_reads_bytes_total",
  "container_fs_writes_bytes_total",
  "container_spec_cpu_quota",
  "container_spec_cpu_period",
  "container_spec_cpu_shares",
  "container_spec_memory_limit_bytes",
  "container_start_time_seconds",
  "container_last_seen",
  "machine_cpu_cores",
  "machine_memory_bytes",
];

async function runningPod(env: Record<string, string>, resources?: unknown) {
  h = await startHarness();
  h.createPod("web", { env: Object.entries(env).map(([name, value]) => ({ name, value })), ...(resources ? { resources } : {}) });
  await h.run(3_000);
}

describe("cAdvisor metrics", () => {
  it("exposes every family with cAdvisor's label sets for root, pod and container cgroups", async () => {
    await runningPod({}, { requests: { cpu: "250m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } });
    const { samples, help, type } = parse(await h!.hub.cadvisor("node-1"));
    for (const family of FAMILIES) {
      expect(help.has(family), family).toBe(true);
      expect(samples.some((s) => s.name === family), family).toBe(true);
    }
    expect(type.get("container_cpu_usage_seconds_total")).toBe("counter");
    expect(help.get("container_cpu_usage_seconds_total")).toBe("Cumulative cpu time consumed in seconds.");
    expect(type.get("container_memory_working_set_bytes")).toBe("gauge");

    const cpu = samples.filter((s) => s.name === "container_cpu_usage_seconds_total");
    const root = cpu.find((s) => s.labels.id === "/")!;
    expect(root.labels).toEqual({ container: "", cpu: "total", id: "/", image: "", name: "", namespace: "", pod: "" });
    const podCgroup = cpu.find((s) => s.labels.pod === "web" && s.labels.container === "")!;
    expect(podCgroup.labels.id).toMatch(/^\/kubepods\.slice\/kubepods-burstable\.slice\/kubepods-burstable-pod[0-9a-f_]+\.slice$/);
    const container = cpu.find((s) => s.labels.container === "app")!;
    expect(Object.keys(container.labels)).toEqual(["container", "cpu", "id", "image", "name", "namespace", "pod"]);
    expect(container.labels).toMatchObject({ image: "docker.io/library/nginx:1.27", namespace: "default", pod: "web" });
    expect(container.labels.id).toBe(`${podCgroup.labels.id}/cri-containerd-${container.labels.name}.scope`);
    expect(container.timestamp).toBe(h!.api.clock.now());

    const rx = samples.filter((s) => s.name === "container_network_receive_bytes_total");
    expect(rx.every((s) => s.labels.interface === "eth0")).toBe(true);
    expect(rx.some((s) => s.labels.container === "app")).toBe(false);
    expect(rx.find((s) => s.labels.pod === "web")!.labels.image).toMatch(/pause/);
    expect(samples.find((s) => s.name === "container_fs_reads_bytes_total" && s.labels.container === "app")!.labels.device).toBe("/dev/vda");

    const spec = (name: string) => samples.find((s) => s.name === name && s.labels.container === "app")!.value;
    expect(spec("container_spec_cpu_quota")).toBe(50_000);
    expect(spec("container_spec_cpu_period")).toBe(100_000);
    expect(spec("container_spec_cpu_shares")).toBe(256);
    expect(spec("container_spec_memory_limit_bytes")).toBe(256 * 1024 * 1024);
    expect(samples.find((s) => s.name === "machine_cpu_cores")!.value).toBe(8);
  });

  it("has counters whose rate equals the scripted CPU level", async () => {
    await runningPod({ "apiary.sim/cpu-millicores": "400" });
    const cpuOf = async () => parse(await h!.hub.cadvisor("node-1")).samples.find((s) => s.name === "container_cpu_usage_seconds_total" && s.labels.container === "app")!;
    const a = await cpuOf();
    await h!.run(600_000, 10_000);
    const b = await cpuOf();
    const rate = (b.value - a.value) / ((b.timestamp! - a.timestamp!) / 1000);
    // One full period of the slow wave leaves only the 47 s ripple: within 1 % of the level.
    expect(rate).toBeGreaterThan(0.396);
    expect(rate).toBeLessThan(0.404);
    // And the counter is exactly the load model's integral since the container started.
    const pod = h!.hub.node("node-1")!.pods.values().next().value!;
    const c = pod.containers[0];
    expect(b.value).toBeCloseTo(cpuSecondsBetween(c.loadKey, c.current!.startMs, b.timestamp!), 9);
  });

  it("resets a container's counters when it restarts, while the pod's keep counting", async () => {
    await runningPod({ "apiary.sim/cpu-millicores": "1000", "apiary.sim/crash-after": "60" });
    await h!.run(55_000, 1000);
    const before = parse(await h!.hub.cadvisor("node-1")).samples.filter((s) => s.name === "container_cpu_usage_seconds_total");
    await h!.run(20_000, 1000);
    expect(h!.container("web").restartCount).toBe(1);
    const after = parse(await h!.hub.cadvisor("node-1")).samples.filter((s) => s.name === "container_cpu_usage_seconds_total");
    const app = (xs: typeof before) => xs.find((s) => s.labels.container === "app")!;
    const pod = (xs: typeof before) => xs.find((s) => s.labels.pod === "web" && s.labels.container === "")!;
    expect(app(before).value).toBeGreaterThan(40);
    expect(app(after).value).toBeLessThan(15);
    expect(app(after).labels.name).not.toBe(app(before).labels.name);
    expect(pod(after).value).toBeGreaterThan(pod(before).value);
  });

  it("rejects an unknown node with 404 and a stopped node with 503, and hangs on demand", async () => {
    await runningPod({});
    await expect(h!.hub.cadvisor("node-9")).rejects.toMatchObject({ code: 404 });
    h!.hub.setCadvisorHang("node-2", true);
    let done = false;
    const hanging = h!.hub.cadvisor("node-2").then((text) => {
      done = true;
      return text;
    });
    await h!.run(1000);
    expect(done).toBe(false);
    h!.hub.setCadvisorHang("node-2", false);
    expect(await hanging).toContain("machine_cpu_cores");
    h!.hub.setNodeRunning("node-1", false);
    await expect(h!.hub.cadvisor("node-1")).rejects.toMatchObject({ code: 503, message: "the server is currently unable to handle the request" });
  });
});

describe("resource metrics and metrics.k8s.io", () => {
  it("serves /metrics/resource with container, pod and node series", async () => {
    await runningPod({ "apiary.sim/cpu-millicores": "300" });
    const { samples, help } = parse(await h!.hub.resourceMetrics("node-1"));
    expect(help.get("container_cpu_usage_seconds_total")).toMatch(/^\[STABLE\] /);
    expect(samples.find((s) => s.name === "container_cpu_usage_seconds_total")!.labels).toEqual({ container: "app", namespace: "default", pod: "web" });
    expect(samples.some((s) => s.name === "node_memory_working_set_bytes")).toBe(true);
    expect(samples.find((s) => s.name === "resource_scrape_error")!.value).toBe(0);
  });

  it("reports pod usage in nanocores and Ki over a 15 s window", async () => {
    await runningPod({ "apiary.sim/cpu-millicores": "300", "apiary.sim/memory-mib": "100" });
    await h!.run(20_000, 1000);
    const [item] = h!.hub.podMetrics("default");
    expect(item).toMatchObject({ namespace: "default", name: "web", labels: { app: "web" }, window: "15s" });
    const usage = item.containers[0].usage;
    expect(usage.cpu).toMatch(/^\d+n$/);
    const millicores = Number(usage.cpu.slice(0, -1)) / 1e6;
    expect(millicores).toBeGreaterThan(300 * 0.78);
    expect(millicores).toBeLessThan(300 * 1.22);
    // Memory wanders at most 5 % around the scripted level; the figure is then rounded to whole Ki.
    const memoryKi = Number(usage.memory.slice(0, -2));
    expect(Math.abs(memoryKi - 100 * 1024)).toBeLessThanOrEqual(Math.ceil(0.05 * 100 * 1024));
    expect(h!.hub.podMetrics("other")).toEqual([]);
    const nodes = h!.hub.nodeMetrics();
    expect(nodes.map((n) => n.name)).toEqual(["node-1", "node-2"]);
    expect(nodes[0].usage.cpu).toMatch(/^\d+n$/);
    expect(nodes[0].usage.memory).toMatch(/^\d+Ki$/);
  });
});
