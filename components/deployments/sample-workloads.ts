import type { WorkloadDetail, WorkloadSummary } from "@/lib/contracts/workloads";

// Sample workloads for the component tests of the workload screens, shaped exactly as the contract says.

export function sampleSummary(name: string, overrides: Partial<WorkloadSummary> = {}): WorkloadSummary {
  return {
    name,
    kind: "Deployment",
    image: `registry.local:5000/acme/${name}:v1`,
    state: "available",
    reason: null,
    message: null,
    replicas: { desired: 4, updated: 4, ready: 4, available: 4, total: 4 },
    revision: 1,
    cpuRequestMillicores: 250,
    memoryRequestMiB: 512,
    size: "xs",
    createdAt: "2026-11-25T09:00:00.000Z",
    canaryPauseAfter: null,
    ...overrides,
  };
}

export function sampleDetail(name: string, overrides: Partial<WorkloadDetail> = {}): WorkloadDetail {
  const summary = sampleSummary(name, overrides);
  return {
    ...summary,
    spec: {
      name,
      kind: summary.kind,
      image: summary.image,
      size: "xs",
      replicas: summary.replicas.desired,
      env: [],
      containerPort: 8080,
      service: null,
      readinessProbe: { type: "http", path: "/healthz", port: 8080, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 },
      livenessProbe: null,
      minReadySeconds: 5,
      progressDeadlineSeconds: 600,
      preStop: null,
      terminationGracePeriodSeconds: 30,
      strategy: { maxSurge: "1", maxUnavailable: "0" },
      volume: null,
    },
    paused: false,
    conditions: [],
    replicaSets: [],
    service: null,
    rolloutStartedAt: null,
    ...overrides,
  };
}
