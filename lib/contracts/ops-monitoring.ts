import { z } from "zod";
import { defineOperation } from "./api-operation";
import { Timestamp } from "./common";
import { ClusterMetricsQuery, MetricSeries, MetricsRange, ResourceAmounts } from "./tenant-metrics";

// The platform admins' monitoring views across every tenant (issue 7 § Screens, Ops): one node's charts, tenants
// ranked by usage, pods in trouble, warning events and rollouts in progress. Lists are capped (OPS_LIST_LIMIT,
// newest or worst first) and say how many matched in all, so a screen can say "50 of 312".

export const OPS_LIST_LIMIT = 50;

export const TenantRef = z
  .object({ slug: z.string(), name: z.string() })
  .nullable()
  .describe("The tenant whose namespace it is; null for a namespace no tenant owns (the platform's own).")
  .meta({ id: "OpsTenantRef" });

const capped = { total: z.number().int().describe(`How many matched in all; at most ${OPS_LIST_LIMIT} are listed.`) };

// ── One node ────────────────────────────────────────────────────────────────────────────────────────────────────

export const OpsNodeMetrics = z
  .object({
    node: z.string(),
    range: MetricsRange,
    stepSeconds: z.number().int(),
    source: z.enum(["memory", "rollups-1m", "rollups-1h"]),
    ageSeconds: z.number().nullable().describe("Seconds since the newest point with data; null when there is none."),
    stale: z.boolean().describe("The node's latest scrape failed: its newest values are missing, not zero."),
    lastScrapeAt: Timestamp.nullable().describe("The node's last successful scrape."),
    lastError: z.string().nullable(),
    pods: z.number().int().describe("Pods on the node that are not finished."),
    allocatable: ResourceAmounts,
    requested: ResourceAmounts,
    series: MetricSeries,
  })
  .meta({ id: "OpsNodeMetrics" });
export type OpsNodeMetrics = z.infer<typeof OpsNodeMetrics>;

export const getOpsNodeMetricsOperation = defineOperation({
  id: "getOpsNodeMetrics",
  method: "GET",
  path: "/api/v1/ops/nodes/{node}/metrics",
  summary: "One node's usage over a range, with its scrape state, pod count, allocatable and requested (platform admins)",
  tag: "Operations",
  access: "platform-admin",
  query: ClusterMetricsQuery,
  response: OpsNodeMetrics,
  errors: ["unauthorized", "forbidden", "not_found", "validation_failed"],
});

// ── Tenants by usage ────────────────────────────────────────────────────────────────────────────────────────────

export const TenantUsageQuery = z
  .object({
    range: MetricsRange.default("1h"),
    sort: z.enum(["cpu", "memory", "pods"]).default("cpu").describe("What the tenants are ranked by, largest first."),
  })
  .meta({ id: "TenantUsageQuery" });

export const TenantUsage = z
  .object({
    tenant: z.object({ slug: z.string(), name: z.string(), status: z.string() }),
    namespace: z.string(),
    used: ResourceAmounts.describe("Average over the range; null when there is no data."),
    latest: ResourceAmounts.describe("The newest value in the range; null when there is none."),
    requested: ResourceAmounts.describe("Requests of the namespace's pods that are not finished."),
    pods: z.number().int().describe("Pods that are not finished."),
  })
  .meta({ id: "TenantUsage" });
export type TenantUsage = z.infer<typeof TenantUsage>;

export const TenantUsageList = z
  .object({ range: MetricsRange, ageSeconds: z.number().nullable(), items: z.array(TenantUsage), ...capped })
  .meta({ id: "TenantUsageList" });
export type TenantUsageList = z.infer<typeof TenantUsageList>;

export const listTenantUsageOperation = defineOperation({
  id: "listTenantUsage",
  method: "GET",
  path: "/api/v1/ops/metrics/tenants",
  summary: `Tenants ranked by CPU, memory or pods, largest first, at most ${OPS_LIST_LIMIT} (platform admins)`,
  tag: "Operations",
  access: "platform-admin",
  query: TenantUsageQuery,
  response: TenantUsageList,
  errors: ["unauthorized", "forbidden", "validation_failed"],
});

// ── Pods in trouble ─────────────────────────────────────────────────────────────────────────────────────────────

export const TroubledPod = z
  .object({
    tenant: TenantRef,
    namespace: z.string(),
    name: z.string(),
    workload: z.object({ kind: z.enum(["Deployment", "StatefulSet"]), name: z.string() }).nullable(),
    node: z.string().nullable(),
    phase: z.string(),
    reason: z.string().describe("Failed, a waiting reason (CrashLoopBackOff, ErrImagePull, ImagePullBackOff, …) or Restarted."),
    message: z.string().nullable(),
    restarts: z.number().int(),
    since: Timestamp.nullable().describe("When the trouble was last seen: the last termination, or the pod's start."),
  })
  .meta({ id: "TroubledPod" });
export type TroubledPod = z.infer<typeof TroubledPod>;

export const TroubledPodList = z.object({ items: z.array(TroubledPod), ...capped }).meta({ id: "TroubledPodList" });
export type TroubledPodList = z.infer<typeof TroubledPodList>;

export const listTroubledPodsOperation = defineOperation({
  id: "listTroubledPods",
  method: "GET",
  path: "/api/v1/ops/pods/troubled",
  summary: `Pods that failed, are stuck waiting (CrashLoopBackOff, image pull errors) or restarted in the last hour, across every namespace; newest ${OPS_LIST_LIMIT} (platform admins)`,
  tag: "Operations",
  access: "platform-admin",
  response: TroubledPodList,
  errors: ["unauthorized", "forbidden"],
});

// ── Warning events ──────────────────────────────────────────────────────────────────────────────────────────────

export const OpsWarningEvent = z
  .object({
    tenant: TenantRef,
    namespace: z.string(),
    object: z.object({ kind: z.string(), name: z.string() }),
    reason: z.string(),
    message: z.string(),
    count: z.number().int(),
    lastSeenAt: Timestamp.nullable(),
  })
  .meta({ id: "OpsWarningEvent" });
export type OpsWarningEvent = z.infer<typeof OpsWarningEvent>;

export const OpsWarningEventList = z.object({ items: z.array(OpsWarningEvent), ...capped }).meta({ id: "OpsWarningEventList" });
export type OpsWarningEventList = z.infer<typeof OpsWarningEventList>;

export const listWarningEventsOperation = defineOperation({
  id: "listWarningEvents",
  method: "GET",
  path: "/api/v1/ops/events/warnings",
  summary: `Warning events of the last hour across every namespace, newest ${OPS_LIST_LIMIT} (platform admins)`,
  tag: "Operations",
  access: "platform-admin",
  response: OpsWarningEventList,
  errors: ["unauthorized", "forbidden"],
});

// ── Rollouts in progress ────────────────────────────────────────────────────────────────────────────────────────

export const OpsRollout = z
  .object({
    tenant: TenantRef,
    namespace: z.string(),
    name: z.string(),
    kind: z.enum(["Deployment", "StatefulSet"]),
    state: z.enum(["progressing", "paused", "failed"]).describe("As `kubectl rollout status` decides it."),
    message: z.string().nullable(),
    desired: z.number().int(),
    updated: z.number().int(),
    ready: z.number().int(),
    available: z.number().int(),
    startedAt: Timestamp.nullable().describe("When the workload's Progressing condition last changed, when known."),
  })
  .meta({ id: "OpsRollout" });
export type OpsRollout = z.infer<typeof OpsRollout>;

export const OpsRolloutList = z.object({ items: z.array(OpsRollout), ...capped }).meta({ id: "OpsRolloutList" });
export type OpsRolloutList = z.infer<typeof OpsRolloutList>;

export const listOpsRolloutsOperation = defineOperation({
  id: "listOpsRollouts",
  method: "GET",
  path: "/api/v1/ops/rollouts",
  summary: `Deployments and StatefulSets whose rollout is not complete, across every namespace, at most ${OPS_LIST_LIMIT} (platform admins)`,
  tag: "Operations",
  access: "platform-admin",
  response: OpsRolloutList,
  errors: ["unauthorized", "forbidden"],
});
