import { z } from "zod";
import { defineOperation } from "./api-operation";
import { Timestamp } from "./common";

// Metrics of a tenant's workloads, pods and the tenant as a whole (issue 7, DESIGN.md § Metrics). The namespace is
// always the tenant's own: a target names a workload or pod inside it, never a namespace.

export const MetricsRange = z.enum(["15m", "1h", "6h", "24h", "7d"]).meta({ id: "MetricsRange" });
export type MetricsRange = z.infer<typeof MetricsRange>;

export const MetricsQuery = z
  .object({
    target: z
      .string()
      .max(260)
      .regex(/^(tenant|(deployment|pod)\/[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)$/, "deployment/NAME, pod/NAME or tenant")
      .describe("`deployment/NAME` (a Deployment or StatefulSet of the tenant), `pod/NAME`, or `tenant`."),
    range: MetricsRange.default("1h").describe("15m and 1h at the scrape resolution (15 s), 6h and 24h at 1 minute, 7d at 1 hour."),
  })
  .meta({ id: "MetricsQuery" });
export type MetricsQuery = z.infer<typeof MetricsQuery>;

const values = z.array(z.number().nullable());

export const MetricSeries = z
  .object({
    timestamps: z.array(z.number().int()).describe("Point times, ms since the epoch, oldest first."),
    cpuCores: values.describe("CPU used, in cores (1 = one core). null: no data for that point (a gap, never a zero)."),
    memoryBytes: values.describe("Memory working set, bytes."),
    rxBytesPerSecond: values.describe("Network received, bytes per second."),
    txBytesPerSecond: values.describe("Network transmitted, bytes per second."),
    fsReadBytesPerSecond: values.describe("Filesystem reads, bytes per second."),
    fsWriteBytesPerSecond: values.describe("Filesystem writes, bytes per second."),
  })
  .meta({ id: "MetricSeries", description: "One value per point and metric; points from rollups are the bucket's average." });
export type MetricSeries = z.infer<typeof MetricSeries>;

export const ResourceAmounts = z
  .object({ cpuCores: z.number().nullable(), memoryBytes: z.number().nullable() })
  .meta({ id: "ResourceAmounts", description: "CPU in cores and memory in bytes; null where not set." });
export type ResourceAmounts = z.infer<typeof ResourceAmounts>;

export const TargetResources = z
  .object({
    replicas: z.number().int().describe("Pods the totals count: the workload's desired replicas, 1 for a pod."),
    perPod: z.object({ requests: ResourceAmounts, limits: ResourceAmounts }),
    total: z.object({ requests: ResourceAmounts, limits: ResourceAmounts }).describe("perPod × replicas: the lines to draw against the summed usage."),
  })
  .meta({ id: "TargetResources" });

export const PodMetricSeries = z
  .object({ name: z.string(), node: z.string().nullable(), series: MetricSeries })
  .meta({ id: "PodMetricSeries" });

export const TenantQuotaUsage = z
  .object({
    plan: z.string(),
    requests: z.object({ quota: ResourceAmounts, used: ResourceAmounts }).describe("Requests of the tenant's running pods against the plan's quota."),
    limits: z.object({ quota: ResourceAmounts, used: ResourceAmounts }),
    pods: z.object({ quota: z.number().int(), used: z.number().int() }),
  })
  .meta({ id: "TenantQuotaUsage" });

export const WorkloadUsage = z
  .object({
    name: z.string(),
    kind: z.enum(["Deployment", "StatefulSet"]),
    cpuCores: z.number().nullable().describe("Average over the range."),
    memoryBytes: z.number().nullable().describe("Average over the range."),
    sparkline: z
      .object({ timestamps: z.array(z.number().int()), cpuCores: values, memoryBytes: values })
      .describe("The range downsampled to at most 60 points (each the mean of its bucket's present values; null: a gap), for a small chart per workload."),
  })
  .meta({ id: "WorkloadUsage" });

export const TenantMetrics = z
  .object({
    target: z.object({ type: z.enum(["deployment", "pod", "tenant"]), name: z.string(), workloadKind: z.enum(["Deployment", "StatefulSet"]).nullable() }),
    range: MetricsRange,
    stepSeconds: z.number().int(),
    source: z.enum(["memory", "rollups-1m", "rollups-1h"]).describe("memory: the collector's last hour in this server; rollups: the database."),
    ageSeconds: z.number().nullable().describe("Seconds since the newest point with data; null when there is none."),
    stale: z.boolean().describe("A node the target's pods run on failed its latest scrape: the newest values are missing, not zero."),
    staleNodes: z.array(z.string()),
    series: MetricSeries,
    resources: TargetResources.nullable().describe("Requests and limits from the pod template (deployment, pod targets); null for the tenant."),
    pods: z
      .array(PodMetricSeries)
      .nullable()
      .describe("Deployment targets: one series per current pod for ranges up to 1 h (from the in-memory hour); null for longer ranges and other targets, as pods are not rolled up."),
    quota: TenantQuotaUsage.nullable().describe("Tenant target only."),
    topWorkloads: z
      .object({ byCpu: z.array(WorkloadUsage), byMemory: z.array(WorkloadUsage) })
      .nullable()
      .describe("Tenant target only: up to 5 workloads each, by average usage over the range."),
  })
  .meta({ id: "TenantMetrics" });
export type TenantMetrics = z.infer<typeof TenantMetrics>;

export const getTenantMetricsOperation = defineOperation({
  id: "getTenantMetrics",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/metrics",
  summary: "CPU, memory, network and filesystem usage of a workload, a pod or the whole tenant over a range",
  description:
    "Series come from the collector's in-memory hour (15 s) for 15m/1h when this server holds the collector, otherwise from the 1-minute rollups; 6h/24h from 1-minute rollups, 7d from 1-hour rollups. Per-pod lines are only given for ranges up to 1 h. A pod target reads the in-memory hour only (pods are not rolled up), so it has points only on the server holding the collector and at most the last hour.",
  tag: "Metrics",
  access: "signed-in",
  permission: "metrics:read",
  query: MetricsQuery,
  response: TenantMetrics,
  errors: ["unauthorized", "forbidden", "not_found", "validation_failed"],
});

// ── Cluster capacity (platform admins) ─────────────────────────────────────────────────────────────────────────

export const ClusterMetricsQuery = z.object({ range: MetricsRange.default("1h") }).meta({ id: "ClusterMetricsQuery" });

export const NodeCapacity = z
  .object({
    name: z.string(),
    allocatable: ResourceAmounts.describe("What the scheduler may place on the node."),
    requested: ResourceAmounts.describe("Requests of the node's pods that are not finished."),
    used: ResourceAmounts.describe("The newest scraped values within the range; null when none."),
    pods: z.number().int().describe("Pods on the node that are not finished."),
    stale: z.boolean().describe("The node's latest scrape failed."),
    lastScrapeAt: Timestamp.nullable(),
    lastError: z.string().nullable(),
  })
  .meta({ id: "NodeCapacity" });

export const ClusterMetrics = z
  .object({
    range: MetricsRange,
    stepSeconds: z.number().int(),
    source: z.enum(["memory", "rollups-1m", "rollups-1h"]),
    ageSeconds: z.number().nullable(),
    series: MetricSeries.describe("The whole cluster's usage (every node summed)."),
    capacity: z.object({ allocatable: ResourceAmounts, requested: ResourceAmounts, used: ResourceAmounts }).describe("Sums over the nodes."),
    nodes: z.array(NodeCapacity),
  })
  .meta({ id: "ClusterMetrics" });
export type ClusterMetrics = z.infer<typeof ClusterMetrics>;

export const getClusterMetricsOperation = defineOperation({
  id: "getClusterMetrics",
  method: "GET",
  path: "/api/v1/ops/metrics/cluster",
  summary: "Cluster capacity (allocatable vs requested vs used) and per-node latest values with stale flags (platform admins)",
  tag: "Operations",
  access: "platform-admin",
  query: ClusterMetricsQuery,
  response: ClusterMetrics,
  errors: ["unauthorized", "forbidden", "validation_failed"],
});
