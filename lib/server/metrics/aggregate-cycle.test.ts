import { describe, expect, it } from "vitest";
import { aggregateCycle, aggregateCycleInSlices, type CycleTopology } from "./aggregate-cycle";
import { MetricWindow } from "./metric-window";
import type { ContainerReading, NodeReading } from "./read-cadvisor";

function container(namespace: string, pod: string, name: string, cpuSecondsTotal: number, workingSetBytes: number): [string, ContainerReading] {
  return [
    `${namespace}/${pod}/${name}`,
    { namespace, pod, container: name, podKey: `${namespace}/${pod}`, cpuSecondsTotal, workingSetBytes, fsReadBytesTotal: cpuSecondsTotal * 10, fsWriteBytesTotal: 0, cpuLimitCores: null, memoryLimitBytes: null },
  ];
}

function node(timestampMs: number, cpuSecondsTotal: number, containers: [string, ContainerReading][], networks: [string, number][] = []): NodeReading {
  return {
    timestampMs,
    node: { cpuSecondsTotal, workingSetBytes: 1000, rxBytesTotal: 0, txBytesTotal: 0 },
    containers: new Map(containers),
    podNetworks: new Map(networks.map(([key, bytes]) => [key, { rxBytesTotal: bytes, txBytesTotal: bytes / 2 }])),
  };
}

const topology: CycleTopology = {
  workloadOf: (_namespace, pod) => (pod.startsWith("web-") ? { kind: "Deployment", name: "web" } : null),
};

describe("aggregateCycle", () => {
  it("turns counters into rates and sums containers into pods, workloads, namespaces, nodes and the cluster", () => {
    const window = new MetricWindow();
    const first = new Map([
      ["n1", node(0, 100, [container("a", "web-1", "app", 10, 100), container("a", "web-1", "sidecar", 5, 50)], [["a/web-1", 0]])],
      ["n2", node(0, 200, [container("a", "web-2", "app", 20, 200), container("a", "job-1", "app", 10, 10)])],
    ]);
    window.beginCycle(0);
    aggregateCycle(window, { timestampMs: 0, readings: first, previous: new Map(), topology });
    const second = new Map([
      // 15 s later: web-1's containers used 0.5 and 0.1 cores, web-2 1 core; job-1 restarted (its counter fell).
      ["n1", node(15_000, 115, [container("a", "web-1", "app", 17.5, 120), container("a", "web-1", "sidecar", 6.5, 60)], [["a/web-1", 30_000]])],
      ["n2", node(15_000, 230, [container("a", "web-2", "app", 35, 220), container("a", "job-1", "app", 3, 10)])],
    ]);
    window.beginCycle(15_000);
    aggregateCycle(window, { timestampMs: 15_000, readings: second, previous: first, topology });

    // Float32 storage: seven significant digits.
    expect(window.latest("pod:a/web-1")).toMatchObject({ cpuCores: expect.closeTo(0.6, 6), memoryBytes: 180, rxBytesPerSecond: 2000, txBytesPerSecond: 1000 });
    expect(window.latest("pod:a/job-1")?.cpuCores).toBeCloseTo(3 / 15, 6);
    expect(window.latest("workload:a/Deployment/web")).toMatchObject({ cpuCores: expect.closeTo(1.6, 6), memoryBytes: 400 });
    expect(window.latest("namespace:a")?.cpuCores).toBeCloseTo(1.6 + 0.2, 5);
    expect(window.latest("node:n1")?.cpuCores).toBe(1);
    expect(window.latest("cluster")).toMatchObject({ cpuCores: 3, memoryBytes: 2000 });
    // The first cycle had no earlier reading: memory is known, rates are not.
    expect(window.read("pod:a/web-1")?.values.cpuCores).toEqual([null, expect.closeTo(0.6, 5)]);
  });

  it("leaves a node that did not answer out of the cycle, and its rate spans the gap when it returns", () => {
    const window = new MetricWindow();
    const first = new Map([["n1", node(0, 100, [container("a", "web-1", "app", 10, 100)])]]);
    window.beginCycle(0);
    aggregateCycle(window, { timestampMs: 0, readings: first, previous: new Map(), topology });
    window.beginCycle(15_000);
    aggregateCycle(window, { timestampMs: 15_000, readings: new Map(), previous: first, topology });
    expect(window.latest("pod:a/web-1")).toBeUndefined();
    window.beginCycle(30_000);
    aggregateCycle(window, { timestampMs: 30_000, readings: new Map([["n1", node(30_000, 130, [container("a", "web-1", "app", 25, 100)])]]), previous: first, topology });
    expect(window.latest("pod:a/web-1")?.cpuCores).toBe(0.5);
    expect(window.read("pod:a/web-1")?.values.memoryBytes).toEqual([100, null, 100]);
  });

  it("sums pods known only by their network counters as well as those with containers", () => {
    const window = new MetricWindow();
    // Two containers, and the network counters of four pods: more pods than the cycle's first estimate.
    const at = (t: number, bytes: number) =>
      new Map([["n1", node(t, 100, [container("a", "web-1", "app", 10, 100), container("a", "web-2", "app", 10, 100)], [["a/web-1", bytes], ["a/web-3", 2 * bytes], ["b/web-4", 3 * bytes], ["b/job-5", 4 * bytes]])]]);
    const first = at(0, 0);
    window.beginCycle(0);
    aggregateCycle(window, { timestampMs: 0, readings: first, previous: new Map(), topology });
    window.beginCycle(15_000);
    const summary = aggregateCycle(window, { timestampMs: 15_000, readings: at(15_000, 1500), previous: first, topology });
    expect(summary.pods).toBe(5);
    expect(window.latest("pod:a/web-1")).toMatchObject({ memoryBytes: 100, rxBytesPerSecond: 100 });
    expect(window.latest("pod:a/web-3")).toEqual({ rxBytesPerSecond: 200, txBytesPerSecond: 100 });
    expect(window.latest("pod:b/job-5")).toEqual({ rxBytesPerSecond: 400, txBytesPerSecond: 200 });
    expect(window.latest("workload:b/Deployment/web")).toEqual({ rxBytesPerSecond: 300, txBytesPerSecond: 150 });
    expect(window.latest("namespace:b")).toEqual({ rxBytesPerSecond: 700, txBytesPerSecond: 350 });
    expect(window.latest("namespace:a")).toMatchObject({ memoryBytes: 200, rxBytesPerSecond: 300 });
  });

  it("in slices: the same series, the event loop served between slices, and no read ever sees the cycle half written", async () => {
    // 200 nodes × 20 pods: two cycles, the second with rates.
    const cycle = (t: number, cpu: number) =>
      new Map(
        Array.from({ length: 200 }, (_, n) => [
          `n${n}`,
          node(
            t,
            cpu * 100,
            Array.from({ length: 20 }, (_, p) => container(`ns-${n % 7}`, `web-${n}-${p}`, "app", cpu + p, 100 + p)),
            Array.from({ length: 20 }, (_, p) => [`ns-${n % 7}/web-${n}-${p}`, cpu * 1000] as [string, number]),
          ),
        ]),
      );
    const first = cycle(0, 10);
    const second = cycle(15_000, 25);
    const whole = new MetricWindow();
    whole.beginCycle(0);
    aggregateCycle(whole, { timestampMs: 0, readings: first, previous: new Map(), topology });
    whole.beginCycle(15_000);
    const expected = aggregateCycle(whole, { timestampMs: 15_000, readings: second, previous: first, topology });

    const sliced = new MetricWindow();
    await aggregateCycleInSlices(sliced, { timestampMs: 0, readings: first, previous: new Map(), topology });
    // Between slices the loop runs: what a request would read then is the previous cycle, complete.
    const seenBetweenSlices: (number | null)[] = [];
    let reading = true;
    const readBetweenSlices = () => {
      seenBetweenSlices.push(sliced.latestCycleMs);
      expect(sliced.latest("pod:ns-3/web-10-4")?.memoryBytes).toBe(104);
      if (reading) setImmediate(readBetweenSlices);
    };
    setImmediate(readBetweenSlices);
    const summary = await aggregateCycleInSlices(sliced, { timestampMs: 15_000, readings: second, previous: first, topology }, 0);
    reading = false;

    expect(summary).toEqual(expected);
    expect(seenBetweenSlices.length).toBeGreaterThan(1);
    expect(new Set(seenBetweenSlices)).toEqual(new Set([0]));
    expect(sliced.latestCycleMs).toBe(15_000);
    for (const key of ["pod:ns-3/web-10-4", "workload:ns-3/Deployment/web", "namespace:ns-0", "node:n17", "cluster"]) {
      expect(sliced.read(key)).toEqual(whole.read(key));
    }
  });
});
