import { z } from "zod";
import { defineOperation } from "./api-operation";
import { PageQuery, Timestamp } from "./common";
import { ContainerSizeId } from "./container-sizes";

// Workloads (DESIGN.md § Workloads): a tenant's Deployments and StatefulSets, read from the BFF's watch cache and
// written by impersonating the caller. The public paths say "deployments" for both kinds (DESIGN.md § Paths);
// `kind` tells them apart. Names are unique across the two kinds within a tenant.

export const WorkloadKind = z.enum(["Deployment", "StatefulSet"]).meta({ id: "WorkloadKind" });
export type WorkloadKind = z.infer<typeof WorkloadKind>;

/** A Service and a Deployment share the name, so names follow the stricter Service rule (RFC 1035 label). */
export const WorkloadName = z
  .string()
  .min(1, "required")
  .max(63, "at most 63 characters")
  .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "lower-case letters, digits and '-', starting with a letter and ending with a letter or digit");

/** An image reference as Docker parses it: `[registry[:port]/]path[:tag][@digest]`. */
export const ImageReference = z
  .string()
  .trim()
  .min(1, "required")
  .max(512, "at most 512 characters")
  .regex(
    /^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
    "an image reference such as registry.example.com/team/app:v1",
  );

/**
 * How far a rollout may go beyond or below the desired count: a number of pods ("1") or a percentage ("25%"),
 * as Kubernetes' intOrString. Always a string here so a form field maps to it one to one.
 */
export const IntOrPercent = z
  .string()
  .trim()
  .regex(/^(?:\d{1,4}|\d{1,3}%)$/, "a whole number such as 1, or a percentage such as 25%")
  .refine((value) => !value.endsWith("%") || Number(value.slice(0, -1)) <= 100, "at most 100%");

export const EnvVar = z.object({
  name: z
    .string()
    .min(1, "required")
    .max(128, "at most 128 characters")
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "letters, digits and _, not starting with a digit"),
  value: z.string().max(32_768, "at most 32768 characters"),
});
export type EnvVar = z.infer<typeof EnvVar>;

const Port = z.number().int().min(1, "1–65535").max(65_535, "1–65535");
const Seconds = (max: number) => z.number().int().min(0, "0 or more").max(max, `at most ${max}`);

export const Probe = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("http"), path: z.string().regex(/^\/\S*$/, "a path starting with /").max(1024), port: Port }),
    z.object({ type: z.literal("tcp"), port: Port }),
    z.object({ type: z.literal("command"), command: z.array(z.string().min(1).max(1024)).min(1, "at least one word").max(64) }),
  ])
  .and(
    z.object({
      initialDelaySeconds: Seconds(3600).default(0),
      periodSeconds: z.number().int().min(1, "at least 1").max(3600).default(10),
      timeoutSeconds: z.number().int().min(1, "at least 1").max(3600).default(1),
      failureThreshold: z.number().int().min(1, "at least 1").max(100).default(3),
    }),
  )
  .meta({ id: "Probe" });
export type Probe = z.infer<typeof Probe>;

export const PreStopHook = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("sleep"), seconds: z.number().int().min(1, "at least 1").max(3600) }),
    z.object({ type: z.literal("command"), command: z.array(z.string().min(1).max(1024)).min(1, "at least one word").max(64) }),
  ])
  .meta({ id: "PreStopHook" });
export type PreStopHook = z.infer<typeof PreStopHook>;

export const RollingStrategy = z
  .object({ maxSurge: IntOrPercent.default("25%"), maxUnavailable: IntOrPercent.default("25%") })
  .refine((s) => !(/^0%?$/.test(s.maxSurge) && /^0%?$/.test(s.maxUnavailable)), {
    message: "maxSurge and maxUnavailable cannot both be 0",
    path: ["maxUnavailable"],
  })
  .meta({ id: "RollingStrategy" });
export type RollingStrategy = z.infer<typeof RollingStrategy>;

export const ServiceSpec = z
  .object({
    type: z.enum(["ClusterIP", "NodePort"]).default("ClusterIP").describe("NodePort opens the service on every node for public access."),
    port: Port.describe("The port the Service listens on; it forwards to the container port."),
  })
  .meta({ id: "ServiceSpec" });
export type ServiceSpec = z.infer<typeof ServiceSpec>;

export const VolumeSpec = z
  .object({
    sizeGiB: z.number().int().min(1, "at least 1 GiB").max(1024, "at most 1024 GiB"),
    mountPath: z.string().regex(/^\/\S*$/, "an absolute path").max(256).default("/data"),
  })
  .meta({ id: "VolumeSpec" });
export type VolumeSpec = z.infer<typeof VolumeSpec>;

/** What the deploy form edits; the server turns it into a Deployment or StatefulSet (and a Service). */
export const WorkloadSpec = z
  .object({
    name: WorkloadName,
    kind: WorkloadKind.default("Deployment"),
    image: ImageReference,
    size: ContainerSizeId.default("xs"),
    replicas: z.number().int().min(0, "0 or more").max(100, "at most 100").default(1),
    env: z.array(EnvVar).max(100, "at most 100 variables").default([]),
    containerPort: Port.nullable().default(null),
    service: ServiceSpec.nullable().default(null),
    readinessProbe: Probe.nullable().default(null),
    livenessProbe: Probe.nullable().default(null),
    minReadySeconds: Seconds(3600).default(0),
    progressDeadlineSeconds: z.number().int().min(10, "at least 10").max(86_400).default(600),
    preStop: PreStopHook.nullable().default(null),
    terminationGracePeriodSeconds: Seconds(3600).default(30),
    strategy: RollingStrategy.default({ maxSurge: "25%", maxUnavailable: "25%" }),
    volume: VolumeSpec.nullable().default(null).describe("StatefulSet only: one volume of this size per replica."),
  })
  .superRefine((spec, ctx) => {
    const names = new Set<string>();
    spec.env.forEach((entry, index) => {
      if (names.has(entry.name)) ctx.addIssue({ code: "custom", path: ["env", index, "name"], message: `${entry.name} is set twice` });
      names.add(entry.name);
    });
    if (spec.service && spec.containerPort === null) ctx.addIssue({ code: "custom", path: ["containerPort"], message: "a Service needs a container port" });
    if (spec.volume && spec.kind !== "StatefulSet") ctx.addIssue({ code: "custom", path: ["volume"], message: "only a StatefulSet has per-replica volumes" });
    if (spec.preStop?.type === "sleep" && spec.preStop.seconds >= spec.terminationGracePeriodSeconds) {
      ctx.addIssue({ code: "custom", path: ["preStop", "seconds"], message: "must be shorter than terminationGracePeriodSeconds" });
    }
  })
  .meta({ id: "WorkloadSpec" });
export type WorkloadSpec = z.infer<typeof WorkloadSpec>;
export type WorkloadSpecInput = z.input<typeof WorkloadSpec>;

/**
 * Derived as `kubectl rollout status` derives it: failed (ProgressDeadlineExceeded), paused, progressing
 * (an update not yet observed, replicas not yet updated, old replicas still terminating, or updated ones not yet
 * available), else available.
 */
export const WorkloadState = z.enum(["available", "progressing", "paused", "failed"]).meta({ id: "WorkloadState" });
export type WorkloadState = z.infer<typeof WorkloadState>;

export const WorkloadReplicas = z.object({
  desired: z.number().int(),
  /** Pods of the current template (status.updatedReplicas). */
  updated: z.number().int(),
  ready: z.number().int(),
  available: z.number().int(),
  /** Every pod the workload's ReplicaSets or StatefulSet own (status.replicas), old and new. */
  total: z.number().int(),
});

export const WorkloadSummary = z
  .object({
    name: z.string(),
    kind: WorkloadKind,
    /** The first container's image. */
    image: z.string(),
    state: WorkloadState,
    /** Why it is failed or progressing, in the API server's words (e.g. "ProgressDeadlineExceeded"); null when available. */
    reason: z.string().nullable(),
    message: z.string().nullable(),
    replicas: WorkloadReplicas,
    /** The `deployment.kubernetes.io/revision` annotation (StatefulSets: the current revision's number); null before the first. */
    revision: z.number().int().nullable(),
    /** Requests of one replica, summed over its containers. */
    cpuRequestMillicores: z.number().int(),
    memoryRequestMiB: z.number().int(),
    size: ContainerSizeId.nullable(),
    createdAt: Timestamp,
    /** Canary in progress: the rollout pauses itself once this many pods run the new template. */
    canaryPauseAfter: z.number().int().nullable(),
  })
  .meta({ id: "WorkloadSummary" });
export type WorkloadSummary = z.infer<typeof WorkloadSummary>;

export const WorkloadList = z
  .object({ items: z.array(WorkloadSummary), total: z.number().int(), nextCursor: z.string().nullable() })
  .meta({ id: "WorkloadList" });
export type WorkloadList = z.infer<typeof WorkloadList>;

export const ListWorkloadsQuery = PageQuery.extend({
  q: z.string().trim().max(128).optional().describe("Part of the name or image."),
  status: WorkloadState.optional().describe("Only workloads in this state."),
});
export type ListWorkloadsQuery = z.infer<typeof ListWorkloadsQuery>;

export const RolloutReplicaSet = z
  .object({
    name: z.string(),
    revision: z.number().int().nullable(),
    image: z.string(),
    desired: z.number().int(),
    ready: z.number().int(),
    available: z.number().int(),
    /** The ReplicaSet of the workload's current template. */
    current: z.boolean(),
    createdAt: Timestamp,
  })
  .meta({ id: "RolloutReplicaSet" });
export type RolloutReplicaSet = z.infer<typeof RolloutReplicaSet>;

export const WorkloadCondition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  lastUpdateTime: Timestamp.nullable(),
});

export const WorkloadService = z
  .object({
    type: z.string(),
    clusterIP: z.string().nullable(),
    ports: z.array(z.object({ port: z.number().int(), targetPort: z.string(), nodePort: z.number().int().nullable() })),
  })
  .meta({ id: "WorkloadService" });

/** One workload in full: its summary, the spec the form edits (read back from the object), rollout and service. */
export const WorkloadDetail = WorkloadSummary.extend({
  spec: WorkloadSpec,
  paused: z.boolean(),
  conditions: z.array(WorkloadCondition),
  /** Newest first; for a Deployment its ReplicaSets, for a StatefulSet its current and update revisions. */
  replicaSets: z.array(RolloutReplicaSet),
  service: WorkloadService.nullable(),
  /** When the current rollout began (the newest ReplicaSet's creation, or the restart time); null when none is running. */
  rolloutStartedAt: Timestamp.nullable(),
}).meta({ id: "WorkloadDetail" });
export type WorkloadDetail = z.infer<typeof WorkloadDetail>;

export const WorkloadPod = z
  .object({
    name: z.string(),
    /** The workload the pod belongs to (through its ReplicaSet); null for a pod owned by nothing Apiary shows. */
    workload: z.string().nullable(),
    phase: z.string(),
    /** What a person reads: Running, Pending, ContainerCreating, ErrImagePull, CrashLoopBackOff, Terminating, … as kubectl's STATUS column. */
    status: z.string(),
    ready: z.boolean(),
    readyContainers: z.number().int(),
    containers: z.number().int(),
    restarts: z.number().int(),
    node: z.string().nullable(),
    podIP: z.string().nullable(),
    image: z.string(),
    revision: z.number().int().nullable(),
    message: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: "WorkloadPod" });
export type WorkloadPod = z.infer<typeof WorkloadPod>;

export const WorkloadPodList = z.object({ items: z.array(WorkloadPod) }).meta({ id: "WorkloadPodList" });
export type WorkloadPodList = z.infer<typeof WorkloadPodList>;

export const WorkloadEvent = z
  .object({
    type: z.string().describe("Normal or Warning."),
    reason: z.string(),
    message: z.string(),
    /** `Pod/web-7c9d-x2`, `ReplicaSet/web-7c9d`, `Deployment/web`. */
    object: z.string(),
    count: z.number().int(),
    firstSeen: Timestamp.nullable(),
    lastSeen: Timestamp.nullable(),
  })
  .meta({ id: "WorkloadEvent" });
export type WorkloadEvent = z.infer<typeof WorkloadEvent>;

export const WorkloadEventList = z.object({ items: z.array(WorkloadEvent) }).meta({ id: "WorkloadEventList" });
export type WorkloadEventList = z.infer<typeof WorkloadEventList>;

export const WorkloadRevision = z
  .object({
    revision: z.number().int(),
    image: z.string(),
    current: z.boolean(),
    createdAt: Timestamp,
    changeCause: z.string().nullable().describe("The kubernetes.io/change-cause annotation, as `kubectl rollout history` shows it."),
    /** The pod template as YAML, labels such as pod-template-hash removed, for a side-by-side diff. */
    template: z.string(),
  })
  .meta({ id: "WorkloadRevision" });
export type WorkloadRevision = z.infer<typeof WorkloadRevision>;

export const WorkloadRevisionList = z.object({ items: z.array(WorkloadRevision) }).meta({ id: "WorkloadRevisionList" });
export type WorkloadRevisionList = z.infer<typeof WorkloadRevisionList>;

/** Create from the form (`spec`) or from edited YAML (`yaml`: the workload, and optionally its Service). */
export const CreateWorkloadRequest = z
  .union([z.object({ spec: WorkloadSpec }).strict(), z.object({ yaml: z.string().min(1, "required").max(200_000, "at most 200000 characters") }).strict()])
  .meta({ id: "CreateWorkloadRequest" });
export type CreateWorkloadRequest = z.infer<typeof CreateWorkloadRequest>;

export const CreateWorkloadQuery = z.object({
  dryRun: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true")
    .describe("true: validate against the cluster (server-side dry run) and return the YAML, create nothing."),
});

/** The answer of a dry run: the YAML that would be applied, after the API server accepted it. */
export const WorkloadManifestPreview = z
  .object({ yaml: z.string(), warnings: z.array(z.string()) })
  .meta({ id: "WorkloadManifestPreview" });
export type WorkloadManifestPreview = z.infer<typeof WorkloadManifestPreview>;

export const CreateWorkloadResult = z.union([WorkloadDetail, WorkloadManifestPreview]);

/** Exactly one of: scale, replace the spec from the form, or replace from YAML. */
export const UpdateWorkloadRequest = z
  .union([
    z.object({ replicas: z.number().int().min(0, "0 or more").max(100, "at most 100") }).strict(),
    z.object({ spec: WorkloadSpec }).strict(),
    z.object({ yaml: z.string().min(1, "required").max(200_000, "at most 200000 characters") }).strict(),
  ])
  .meta({ id: "UpdateWorkloadRequest" });
export type UpdateWorkloadRequest = z.infer<typeof UpdateWorkloadRequest>;

export const StartRolloutRequest = z
  .object({
    image: ImageReference,
    strategy: RollingStrategy.optional(),
    canary: z.object({ pauseAfterPods: z.number().int().min(1, "at least 1").max(100) }).optional(),
  })
  .meta({ id: "StartRolloutRequest" });
export type StartRolloutRequest = z.infer<typeof StartRolloutRequest>;

export const UndoRolloutRequest = z
  .object({ revision: z.number().int().min(1).optional().describe("The revision to return to; the previous one when absent, as kubectl rollout undo.") })
  .meta({ id: "UndoRolloutRequest" });
export type UndoRolloutRequest = z.infer<typeof UndoRolloutRequest>;

export const DeleteWorkloadQuery = z.object({
  confirm: z.string().max(63).describe("The workload's name, typed by the user to confirm."),
});

export const WorkloadLogsQuery = z.object({
  pod: z.string().max(253).optional().describe("One pod; all pods of the workload, merged by time, when absent."),
  container: z.string().max(63).optional(),
  tailLines: z.coerce.number().int().min(1).max(10_000).default(500),
  sinceSeconds: z.coerce.number().int().min(1).max(30 * 86_400).optional(),
  follow: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
  q: z.string().max(200).optional().describe("Only lines containing this text."),
});
export type WorkloadLogsQuery = z.infer<typeof WorkloadLogsQuery>;

/** One line of `…/logs`, which answers NDJSON: one of these per line, in time order. */
export const WorkloadLogLine = z
  .object({ pod: z.string(), container: z.string(), time: Timestamp.nullable(), line: z.string() })
  .meta({ id: "WorkloadLogLine" });
export type WorkloadLogLine = z.infer<typeof WorkloadLogLine>;

/**
 * One message of the tenant's change stream (`…/tenants/{tenant}/events`, Server-Sent Events). `id` is the SSE
 * event id a reconnect sends back as Last-Event-ID. A `resync` notice means notices were missed (the stream could
 * not replay from the id given): the client refetches what it shows.
 */
export const TenantChangeNotice = z
  .object({
    id: z.string(),
    type: z.enum(["ADDED", "MODIFIED", "DELETED", "resync"]),
    /** What changed: a workload, a pod, a Kubernetes event, a service or the tenant's balance; null for resync. */
    resource: z.enum(["workload", "pod", "event", "service", "balance"]).nullable(),
    name: z.string().nullable(),
    /** The workload the object belongs to, when there is one. */
    workload: z.string().nullable(),
    /** The workload's new summary (resource workload, not DELETED), so a list updates without a request. */
    summary: WorkloadSummary.optional(),
    /** The pod's new state (resource pod, not DELETED). */
    pod: WorkloadPod.optional(),
  })
  .meta({ id: "TenantChangeNotice" });
export type TenantChangeNotice = z.infer<typeof TenantChangeNotice>;

const tag = "Workloads";
const access = "signed-in" as const;
const readErrors = ["unauthorized", "forbidden", "not_found"] as const;
const writeErrors = ["unauthorized", "forbidden", "not_found", "conflict", "validation_failed", "unavailable"] as const;

export const listWorkloadsOperation = defineOperation({
  id: "listWorkloads",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/deployments",
  summary: "The tenant's Deployments and StatefulSets, from the watch cache, filtered and paginated",
  tag,
  access,
  permission: "deployments:read",
  query: ListWorkloadsQuery,
  response: WorkloadList,
  errors: [...readErrors, "unavailable"],
});

export const createWorkloadOperation = defineOperation({
  id: "createWorkload",
  method: "POST",
  path: "/api/v1/tenants/{tenant}/deployments",
  summary: "Deploy from the form's spec or from YAML; `dryRun=true` validates and returns the YAML instead",
  description:
    "The workload (and its Service) are created as the caller, so Kubernetes RBAC and admission (quota, limit range, pod security) apply. " +
    "Workloads reference the namespace's `apiary-registry` pull secret. A dry run answers 200 with the YAML; a create 201 with the workload.",
  tag,
  access,
  permission: "deployments:write",
  query: CreateWorkloadQuery,
  body: CreateWorkloadRequest,
  response: CreateWorkloadResult,
  successStatus: 201,
  alsoAnswers: [200],
  errors: [...writeErrors],
});

export const getWorkloadOperation = defineOperation({
  id: "getWorkload",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/deployments/{name}",
  summary: "One workload: status, spec, rollout ReplicaSets, conditions, service",
  tag,
  access,
  permission: "deployments:read",
  response: WorkloadDetail,
  errors: [...readErrors],
});

export const updateWorkloadOperation = defineOperation({
  id: "updateWorkload",
  method: "PATCH",
  path: "/api/v1/tenants/{tenant}/deployments/{name}",
  summary: "Scale (`replicas`), or edit (`spec` or `yaml`)",
  tag,
  access,
  permission: "deployments:write",
  body: UpdateWorkloadRequest,
  response: WorkloadDetail,
  errors: [...writeErrors],
});

export const deleteWorkloadOperation = defineOperation({
  id: "deleteWorkload",
  method: "DELETE",
  path: "/api/v1/tenants/{tenant}/deployments/{name}",
  summary: "Delete a workload and its Service; `confirm` must repeat the name",
  tag,
  access,
  permission: "deployments:write",
  query: DeleteWorkloadQuery,
  response: z.object({ ok: z.literal(true) }),
  errors: [...writeErrors],
});

export const startRolloutOperation = defineOperation({
  id: "startRollout",
  method: "POST",
  path: "/api/v1/tenants/{tenant}/deployments/{name}/rollout",
  summary: "Upgrade: a new image, optionally a new strategy and a canary pause after N new pods",
  tag,
  access,
  permission: "deployments:write",
  body: StartRolloutRequest,
  response: WorkloadDetail,
  errors: [...writeErrors],
});

export const pauseRolloutOperation = defineOperation({
  id: "pauseRollout",
  method: "POST",
  path: "/api/v1/tenants/{tenant}/deployments/{name}/rollout/pause",
  summary: "Pause the rollout (as kubectl rollout pause)",
  tag,
  access,
  permission: "deployments:write",
  response: WorkloadDetail,
  errors: [...writeErrors],
});

export const resumeRolloutOperation = defineOperation({
  id: "resumeRollout",
  method: "POST",
  path: "/api/v1/tenants/{tenant}/deployments/{name}/rollout/resume",
  summary: "Resume a paused rollout, including a canary (as kubectl rollout resume)",
  tag,
  access,
  permission: "deployments:write",
  response: WorkloadDetail,
  errors: [...writeErrors],
});

export const restartRolloutOperation = defineOperation({
  id: "restartRollout",
  method: "POST",
  path: "/api/v1/tenants/{tenant}/deployments/{name}/rollout/restart",
  summary: "Restart every pod by a rollout (sets kubectl.kubernetes.io/restartedAt, as kubectl rollout restart)",
  tag,
  access,
  permission: "deployments:write",
  response: WorkloadDetail,
  errors: [...writeErrors],
});

export const undoRolloutOperation = defineOperation({
  id: "undoRollout",
  method: "POST",
  path: "/api/v1/tenants/{tenant}/deployments/{name}/rollout/undo",
  summary: "Roll back to a kept revision (as kubectl rollout undo --to-revision)",
  tag,
  access,
  permission: "deployments:write",
  body: UndoRolloutRequest,
  response: WorkloadDetail,
  errors: [...writeErrors],
});

export const listWorkloadRevisionsOperation = defineOperation({
  id: "listWorkloadRevisions",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/deployments/{name}/revisions",
  summary: "Kept revisions with their pod templates, newest first (as kubectl rollout history)",
  tag,
  access,
  permission: "deployments:read",
  response: WorkloadRevisionList,
  errors: [...readErrors],
});

export const listWorkloadPodsOperation = defineOperation({
  id: "listWorkloadPods",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/deployments/{name}/pods",
  summary: "The workload's pods: status, readiness, restarts, node, revision",
  tag,
  access,
  permission: "deployments:read",
  response: WorkloadPodList,
  errors: [...readErrors],
});

export const listWorkloadEventsOperation = defineOperation({
  id: "listWorkloadEvents",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/deployments/{name}/events",
  summary: "Kubernetes events of the workload, its ReplicaSets and pods, newest first",
  tag,
  access,
  permission: "deployments:read",
  response: WorkloadEventList,
  errors: [...readErrors],
});

export const workloadLogsOperation = defineOperation({
  id: "getWorkloadLogs",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/deployments/{name}/logs",
  summary: "Logs of one pod or all pods merged, as NDJSON lines (WorkloadLogLine); `follow=true` streams",
  tag,
  access,
  permission: "deployments:read",
  query: WorkloadLogsQuery,
  response: WorkloadLogLine,
  responseContentType: "application/x-ndjson",
  errors: [...readErrors, "unavailable"],
});

export const tenantEventsOperation = defineOperation({
  id: "streamTenantEvents",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/events",
  summary: "The tenant's live change stream (Server-Sent Events of TenantChangeNotice); send Last-Event-ID to resume",
  tag,
  access,
  permission: "deployments:read",
  response: TenantChangeNotice,
  responseContentType: "text/event-stream",
  errors: [...readErrors, "unavailable"],
});
