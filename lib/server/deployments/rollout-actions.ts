import "server-only";
import type * as k8s from "@kubernetes/client-node";
import type { StartRolloutRequest, UndoRolloutRequest, WorkloadDetail } from "@/lib/contracts/workloads";
import { ApiError } from "@/lib/server/http/api-error";
import { clientsFor } from "@/lib/server/kubernetes/clients-for";
import type { ClusterClients } from "@/lib/server/kubernetes/cluster-clients";
import { toApiError } from "@/lib/server/kubernetes/to-api-error";
import { APP_CONTAINER, toIntOrString } from "./build-workload-manifests";
import { getWorkloadOrThrow } from "./get-workload";
import { POD_TEMPLATE_HASH, podTemplateKey } from "./pod-template-key";
import { pointer, readLiveWorkloadOrThrow, type LiveWorkload, type WriteContext } from "./read-live-workload";
import { statefulSetRollbackPatch } from "./stateful-set-rollback-patch";

// The rollout verbs, each the change `kubectl rollout …` (or `kubectl set image`) makes to the same object, so
// Apiary and kubectl can take turns on one Deployment and agree on its revisions. Every patch is a JSON patch
// (what kubectl's rollback sends, and the client's default patch type), as the caller.

/** Set on a Deployment by "upgrade with canary": the canary controller pauses the rollout after this many new pods. */
export const CANARY_ANNOTATION = "apiary.io/canary-pause-after";
/** Left by the canary controller when it paused the rollout (the N it paused after), so screens can say why it is
 *  paused; resume, roll back and the next upgrade clear it. */
export const CANARY_PAUSED_ANNOTATION = "apiary.io/canary-paused-after";
export const RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";
export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

/** kubectl's rollback.go annotationsToSkip: kept from the Deployment, never copied from the ReplicaSet. */
const ANNOTATIONS_TO_SKIP = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION_ANNOTATION,
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

type JsonPatch = { op: "add" | "replace" | "remove" | "test"; path: string; value?: unknown }[];

async function patchWorkload(clients: ClusterClients, context: WriteContext, live: LiveWorkload, patch: JsonPatch, doing: string): Promise<WorkloadDetail> {
  const name = live.object.metadata!.name!;
  const namespace = context.tenant.namespace;
  try {
    const patched =
      live.kind === "Deployment"
        ? await clients.apps.patchNamespacedDeployment({ name, namespace, body: patch })
        : await clients.apps.patchNamespacedStatefulSet({ name, namespace, body: patch });
    return await getWorkloadOrThrow(context.tenant, name, { ...patched, kind: live.kind });
  } catch (error) {
    throw toApiError(error, doing);
  }
}

function deploymentOnly(live: LiveWorkload, what: string): asserts live is Extract<LiveWorkload, { kind: "Deployment" }> {
  if (live.kind !== "Deployment") {
    throw new ApiError("validation_failed", `${what} is not supported for StatefulSet ${live.object.metadata?.name} (as with kubectl rollout): only Deployments can be ${what === "Pausing" ? "paused" : "changed this way"}.`);
  }
}

/** `add` on a map key, creating the map first when the object has none (JSON patch cannot add into a missing parent). */
function setAnnotation(parentPath: string, annotations: Record<string, string> | undefined, key: string, value: string): JsonPatch {
  return annotations ? [{ op: "add", path: `${parentPath}/annotations/${pointer(key)}`, value }] : [{ op: "add", path: `${parentPath}/annotations`, value: { [key]: value } }];
}

/** Upgrade: the new image (as `kubectl set image`), optionally a new strategy and a canary pause, in one patch. */
export async function startRollout(context: WriteContext, name: string, request: StartRolloutRequest): Promise<WorkloadDetail> {
  const doing = `Upgrading ${name}`;
  const clients = clientsFor(context);
  const live = await readLiveWorkloadOrThrow(clients, context.tenant, name, doing);
  const containers = live.object.spec?.template.spec?.containers ?? [];
  const index = Math.max(0, containers.findIndex((container) => container.name === APP_CONTAINER));
  const container = containers[index];
  if (!container) throw new ApiError("validation_failed", `${doing}: it has no container to upgrade.`);
  if (request.canary) {
    deploymentOnly(live, "A canary rollout");
    if (container.image === request.image) {
      throw new ApiError("validation_failed", `${doing}: it already runs ${request.image}; a canary needs a new image.`, [{ field: "body.image", message: "already running" }]);
    }
  }
  const path = `/spec/template/spec/containers/${index}`;
  // The test makes the patch fail rather than change the wrong container if the list changed since the read.
  const patch: JsonPatch = [
    { op: "test", path: `${path}/name`, value: container.name },
    { op: "replace", path: `${path}/image`, value: request.image },
  ];
  // A StatefulSet updates one pod at a time and has no surge: the strategy applies to Deployments only.
  if (request.strategy && live.kind === "Deployment") {
    patch.push({
      op: "add",
      path: "/spec/strategy",
      value: { type: "RollingUpdate", rollingUpdate: { maxSurge: toIntOrString(request.strategy.maxSurge), maxUnavailable: toIntOrString(request.strategy.maxUnavailable) } },
    });
  }
  if (request.canary) patch.push(...setAnnotation("/metadata", live.object.metadata?.annotations, CANARY_ANNOTATION, String(request.canary.pauseAfterPods)));
  if (live.object.metadata?.annotations?.[CANARY_PAUSED_ANNOTATION] !== undefined) patch.push({ op: "remove", path: `/metadata/annotations/${pointer(CANARY_PAUSED_ANNOTATION)}` });
  return patchWorkload(clients, context, live, patch, doing);
}

/** `kubectl rollout pause`: already paused is not an error, the answer is the current state. */
export async function pauseRollout(context: WriteContext, name: string): Promise<WorkloadDetail> {
  const doing = `Pausing ${name}`;
  const clients = clientsFor(context);
  const live = await readLiveWorkloadOrThrow(clients, context.tenant, name, doing);
  deploymentOnly(live, "Pausing");
  if (live.object.spec?.paused) return getWorkloadOrThrow(context.tenant, name, { ...live.object, kind: live.kind });
  return patchWorkload(clients, context, live, [{ op: "add", path: "/spec/paused", value: true }], doing);
}

/** `kubectl rollout resume`, which also ends a canary: the pending pause is cleared with it. */
export async function resumeRollout(context: WriteContext, name: string): Promise<WorkloadDetail> {
  const doing = `Resuming ${name}`;
  const clients = clientsFor(context);
  const live = await readLiveWorkloadOrThrow(clients, context.tenant, name, doing);
  deploymentOnly(live, "Resuming");
  const annotations = live.object.metadata?.annotations ?? {};
  const canaryMarks = [CANARY_ANNOTATION, CANARY_PAUSED_ANNOTATION].filter((key) => annotations[key] !== undefined);
  if (!live.object.spec?.paused && canaryMarks.length === 0) return getWorkloadOrThrow(context.tenant, name, { ...live.object, kind: live.kind });
  const patch: JsonPatch = [{ op: "add", path: "/spec/paused", value: false }];
  for (const key of canaryMarks) patch.push({ op: "remove", path: `/metadata/annotations/${pointer(key)}` });
  return patchWorkload(clients, context, live, patch, doing);
}

/** `kubectl rollout restart`: a new restartedAt in the pod template replaces every pod by a rollout. */
export async function restartRollout(context: WriteContext, name: string): Promise<WorkloadDetail> {
  const doing = `Restarting ${name}`;
  const clients = clientsFor(context);
  const live = await readLiveWorkloadOrThrow(clients, context.tenant, name, doing);
  if (live.kind === "Deployment" && live.object.spec?.paused) {
    // kubectl's own refusal: a paused Deployment would take the new template without rolling it out.
    throw new ApiError("conflict", `${doing}: it is paused; resume it first (as kubectl: can't restart paused deployment).`);
  }
  // RFC 3339 in whole seconds, as kubectl writes it (time.RFC3339).
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  return patchWorkload(clients, context, live, setAnnotation("/spec/template/metadata", live.object.spec?.template.metadata?.annotations, RESTARTED_AT_ANNOTATION, now), doing);
}

function revisionOf(replicaSet: k8s.V1ReplicaSet): number | null {
  const value = Number(replicaSet.metadata?.annotations?.[REVISION_ANNOTATION]);
  return Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * `kubectl rollout undo [--to-revision=N]` (kubectl's rollback.go): the ReplicaSet of that revision (default: the
 * second newest) gives its pod template, without the hash label, and its annotations back to the Deployment in one
 * JSON patch. The controller then gives that ReplicaSet the next revision number, as it does for kubectl.
 */
export async function undoRollout(context: WriteContext, name: string, request: UndoRolloutRequest): Promise<WorkloadDetail> {
  const doing = `Rolling back ${name}`;
  const clients = clientsFor(context);
  const live = await readLiveWorkloadOrThrow(clients, context.tenant, name, doing);
  if (live.kind === "StatefulSet") {
    const patch = await statefulSetRollbackPatch(clients, live.object, request.revision, doing);
    return patch ? patchWorkload(clients, context, live, patch, doing) : getWorkloadOrThrow(context.tenant, name, { ...live.object, kind: live.kind });
  }
  const deployment = live.object;
  const selector = Object.entries(deployment.spec?.selector.matchLabels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
  const replicaSets = await clients.apps
    .listNamespacedReplicaSet({ namespace: context.tenant.namespace, labelSelector: selector || undefined })
    .then((list) => list.items.filter((rs) => rs.metadata?.ownerReferences?.some((owner) => owner.controller && owner.uid === deployment.metadata?.uid)))
    .catch((error: unknown) => {
      throw toApiError(error, doing);
    });
  const byRevision = replicaSets.map((rs) => ({ rs, revision: revisionOf(rs) })).filter((entry): entry is { rs: k8s.V1ReplicaSet; revision: number } => entry.revision !== null);
  byRevision.sort((a, b) => b.revision - a.revision);
  const target = request.revision === undefined ? byRevision[1] : byRevision.find((entry) => entry.revision === request.revision);
  if (!target) {
    const message = request.revision === undefined ? `no rollout history found for ${name}: there is no previous revision` : `revision ${request.revision} not found in the history of ${name}`;
    throw new ApiError("validation_failed", `${doing}: ${message}.`, [{ field: "body.revision", message }]);
  }
  if (podTemplateKey(target.rs.spec?.template) === podTemplateKey(deployment.spec?.template)) {
    // kubectl: "skipped rollback (current template already matches revision N)" — not an error.
    return getWorkloadOrThrow(context.tenant, name, { ...deployment, kind: "Deployment" });
  }
  const template = JSON.parse(JSON.stringify(target.rs.spec!.template)) as k8s.V1PodTemplateSpec;
  delete template.metadata?.labels?.[POD_TEMPLATE_HASH];
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(deployment.metadata?.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(key)) annotations[key] = value;
  // The ReplicaSet may carry a canary request copied from the Deployment when it was made; returning to it must
  // not start that canary again.
  for (const [key, value] of Object.entries(target.rs.metadata?.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(key) && key !== CANARY_ANNOTATION && key !== CANARY_PAUSED_ANNOTATION) annotations[key] = value;
  const patch: JsonPatch = [
    { op: "replace", path: "/spec/template", value: template },
    { op: "add", path: "/metadata/annotations", value: annotations },
  ];
  // kubectl refuses to roll back a paused Deployment; Apiary's "roll back" after a canary pause resumes it in the
  // same patch, so the old template actually rolls out.
  if (deployment.spec?.paused) patch.push({ op: "add", path: "/spec/paused", value: false });
  return patchWorkload(clients, context, live, patch, doing);
}
