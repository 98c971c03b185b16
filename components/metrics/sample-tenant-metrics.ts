import type { MetricSeries, TenantMetrics } from "@/lib/contracts/tenant-metrics";

// Sample answers of the metrics API for the component tests of the metrics screens, shaped exactly as the contract
// says (TenantMetrics.parse checks them in the tests).

const MIB = 1024 * 1024;
export const SAMPLE_END_MS = Date.UTC(2026, 11, 4, 12, 0, 0);

/** `points` points 15 s apart ending at SAMPLE_END_MS; `value(i)` gives every metric's value at point i. */
export function sampleSeries(points: number, value: (index: number) => number | null = () => 1): MetricSeries {
  const timestamps = Array.from({ length: points }, (_, i) => SAMPLE_END_MS - (points - 1 - i) * 15_000);
  const values = (scale: number) => timestamps.map((_, i) => {
    const v = value(i);
    return v === null ? null : v * scale;
  });
  return {
    timestamps,
    cpuCores: values(0.25),
    memoryBytes: values(200 * MIB),
    rxBytesPerSecond: values(2048),
    txBytesPerSecond: values(1024),
    fsReadBytesPerSecond: values(512),
    fsWriteBytesPerSecond: values(4096),
  };
}

export function sampleWorkloadMetrics(overrides: Partial<TenantMetrics> = {}): TenantMetrics {
  return {
    target: { type: "deployment", name: "web", workloadKind: "Deployment" },
    range: "1h",
    stepSeconds: 15,
    source: "memory",
    ageSeconds: 12,
    stale: false,
    staleNodes: [],
    series: sampleSeries(4),
    resources: {
      replicas: 2,
      perPod: { requests: { cpuCores: 0.25, memoryBytes: 256 * MIB }, limits: { cpuCores: 0.5, memoryBytes: 512 * MIB } },
      total: { requests: { cpuCores: 0.5, memoryBytes: 512 * MIB }, limits: { cpuCores: 1, memoryBytes: 1024 * MIB } },
    },
    pods: null,
    quota: null,
    topWorkloads: null,
    ...overrides,
  };
}
