import "server-only";
import type * as k8s from "@kubernetes/client-node";
import type { UpdateWorkloadRequest, WorkloadDetail, WorkloadSpec } from "@/lib/contracts/workloads";
import { ApiError } from "@/lib/server/http/api-error";
import { clientsFor } from "@/lib/server/kubernetes/clients-for";
import type { ClusterClients } from "@/lib/server/kubernetes/cluster-clients";
import { kubernetesStatusOf, toApiError } from "@/lib/server/kubernetes/to-api-error";
import { buildWorkloadManifests, MANAGED_BY_LABEL, type WorkloadObject } from "./build-workload-manifests";
import { findDroppedFields } from "./find-dropped-fields";
import { getWorkloadOrThrow } from "./get-workload";
import { parseWorkloadYaml } from "./parse-workload-yaml";
import { readLiveWorkloadOrThrow, type LiveWorkload, type WriteContext } from "./read-live-workload";
import { readWorkloadSpec } from "./read-workload-spec";
import { assertBillingAllowsGrowth } from "@/lib/server/billing/suspension";
import { getDatabase } from "@/lib/server/db/get-database";

// Scale, or edit from the form or from YAML. Edits replace the object from a fresh read, so what the form does not
// manage (annotations and labels set with kubectl, the template's restartedAt) survives; a concurrent writer
// (409) makes it read again and retry, a few times, before the conflict is reported.

const ATTEMPTS = 3;

function invalid(field: string, message: string): ApiError {
  return new ApiError("validation_failed", `${field}: ${message}`, [{ field, message }]);
}

/** The live object with the form's spec applied: template, replicas and rollout settings from the spec, the rest kept. */
function applySpec(live: LiveWorkload, spec: WorkloadSpec, built: WorkloadObject): WorkloadObject {
  const object = structuredClone(live.object) as WorkloadObject;
  object.kind = live.kind;
  object.apiVersion = "apps/v1";
  const metadata = object.metadata!;
  metadata.labels = { ...metadata.labels, ...built.metadata!.labels };
  metadata.annotations = { ...metadata.annotations, ...built.metadata!.annotations };
  const liveTemplate = live.object.spec!.template;
  const template = structuredClone(built.spec!.template);
  // kubectl rollout restart's annotation stays: an edit must not look like (or undo) a restart.
  if (liveTemplate.metadata?.annotations) template.metadata = { ...template.metadata, annotations: { ...liveTemplate.metadata.annotations } };
  template.metadata!.labels = { ...liveTemplate.metadata?.labels, ...template.metadata!.labels };
  if (object.kind === "Deployment" && built.kind === "Deployment") {
    const spec = object.spec!;
    spec.replicas = built.spec!.replicas;
    spec.template = template;
    spec.minReadySeconds = built.spec!.minReadySeconds;
    spec.progressDeadlineSeconds = built.spec!.progressDeadlineSeconds;
    spec.strategy = built.spec!.strategy;
  } else if (object.kind === "StatefulSet" && built.kind === "StatefulSet") {
    const current = readWorkloadSpec(JSON.parse(JSON.stringify(live.object)), undefined).volume;
    if (JSON.stringify(current) !== JSON.stringify(spec.volume)) {
      throw invalid("body.spec.volume", "a StatefulSet's volume is fixed when it is created; delete and deploy it again to change it");
    }
    const stsSpec = object.spec!;
    stsSpec.replicas = built.spec!.replicas;
    stsSpec.template = template;
    stsSpec.minReadySeconds = built.spec!.minReadySeconds;
  }
  return object;
}

async function replaceWorkload(clients: ClusterClients, namespace: string, object: WorkloadObject, dryRun = false): Promise<WorkloadObject> {
  const name = object.metadata!.name!;
  const options = { name, namespace, fieldValidation: "Strict", dryRun: dryRun ? "All" : undefined };
  const replaced =
    object.kind === "Deployment"
      ? await clients.apps.replaceNamespacedDeployment({ ...options, body: object })
      : await clients.apps.replaceNamespacedStatefulSet({ ...options, body: object });
  return { ...replaced, kind: object.kind } as WorkloadObject;
}

/** Makes the live Service match the desired one (or removes Apiary's own when none is wanted). */
async function syncService(clients: ClusterClients, namespace: string, name: string, desired: k8s.V1Service | null, removeWhenAbsent: boolean): Promise<void> {
  const live = await clients.core.readNamespacedService({ name, namespace }).catch((error: unknown) => {
    if (kubernetesStatusOf(error) === 404) return null;
    throw error;
  });
  if (!desired) {
    if (live && removeWhenAbsent && live.metadata?.labels?.[MANAGED_BY_LABEL] === "apiary") await clients.core.deleteNamespacedService({ name, namespace });
    return;
  }
  if (!live) {
    await clients.core.createNamespacedService({ namespace, body: desired });
    return;
  }
  const headless = (service: k8s.V1Service) => service.spec?.clusterIP === "None";
  if (headless(live) !== headless(desired)) {
    // clusterIP cannot change in place: a headless Service becomes a normal one (or back) by being made again.
    await clients.core.deleteNamespacedService({ name, namespace });
    await clients.core.createNamespacedService({ namespace, body: desired });
    return;
  }
  const livePort = live.spec?.ports?.[0];
  const ports = desired.spec?.ports?.map((port, index) =>
    index === 0 && desired.spec?.type === "NodePort" && livePort?.nodePort && live.spec?.type === "NodePort" ? { ...port, nodePort: livePort.nodePort } : port,
  );
  const body: k8s.V1Service = {
    ...live,
    metadata: { ...live.metadata, labels: { ...live.metadata?.labels, ...desired.metadata?.labels } },
    spec: { ...live.spec, type: desired.spec?.type ?? live.spec?.type, selector: desired.spec?.selector, ports },
  };
  await clients.core.replaceNamespacedService({ name, namespace, body });
}

/** More replicas than the workload has now are refused while its tenant is suspended for an unpaid balance. */
async function refuseGrowthWhileSuspended(tenant: WriteContext["tenant"], live: LiveWorkload, replicas: number, doing: string): Promise<void> {
  if (replicas > (live.object.spec?.replicas ?? 1)) await assertBillingAllowsGrowth((await getDatabase()).db, tenant, doing);
}

/** Scales (`replicas`) or edits (`spec`, `yaml`) the workload, as the caller; answers with its new state. */
export async function updateWorkload(context: WriteContext, name: string, request: UpdateWorkloadRequest): Promise<WorkloadDetail> {
  const { tenant } = context;
  const namespace = tenant.namespace;
  const clients = clientsFor(context);
  const doing = "replicas" in request ? `Scaling ${name}` : `Updating ${name}`;

  if ("replicas" in request) {
    const live = await readLiveWorkloadOrThrow(clients, tenant, name, doing);
    await refuseGrowthWhileSuspended(tenant, live, request.replicas, doing);
    // The same change `kubectl scale` makes; a JSON patch needs no resourceVersion, so no conflict to retry.
    const patch = [{ op: "add", path: "/spec/replicas", value: request.replicas }];
    const patched = await (live.kind === "Deployment"
      ? clients.apps.patchNamespacedDeployment({ name, namespace, body: patch })
      : clients.apps.patchNamespacedStatefulSet({ name, namespace, body: patch })
    ).catch((error: unknown) => {
      throw toApiError(error, doing);
    });
    return getWorkloadOrThrow(tenant, name, { ...patched, kind: live.kind });
  }

  const wanted = "spec" in request ? buildWorkloadManifests(tenant, request.spec) : parseWorkloadYaml(tenant, request.yaml);
  const wantedName = wanted.workload.metadata?.name;
  if (wantedName !== name) throw invalid("spec" in request ? "body.spec.name" : "body.yaml.metadata.name", `must stay ${name}: a workload cannot be renamed`);
  const userResourceVersion = "yaml" in request ? wanted.workload.metadata?.resourceVersion : undefined;
  for (let attempt = 1; ; attempt++) {
    const live = await readLiveWorkloadOrThrow(clients, tenant, name, doing);
    if (live.kind !== wanted.workload.kind) {
      throw invalid("spec" in request ? "body.spec.kind" : "body.yaml.kind", `${name} is a ${live.kind}; it cannot become a ${wanted.workload.kind} (delete it and deploy again)`);
    }
    await refuseGrowthWhileSuspended(tenant, live, wanted.workload.spec?.replicas ?? 1, doing);
    const body =
      "spec" in request
        ? applySpec(live, request.spec, wanted.workload)
        : ({ ...wanted.workload, metadata: { ...wanted.workload.metadata, resourceVersion: userResourceVersion ?? live.object.metadata?.resourceVersion } } as WorkloadObject);
    try {
      if ("yaml" in request) {
        // As for a create: fields the API server does not keep are unknown to its schema, and refused.
        const dropped = findDroppedFields(body, await replaceWorkload(clients, namespace, body, true));
        if (dropped.length > 0) throw invalid(`body.yaml.${dropped[0]}`, `unknown field${dropped.length > 1 ? ` (and ${dropped.slice(1, 5).join(", ")})` : ""}`);
      }
      const updated = await replaceWorkload(clients, namespace, body);
      if ("spec" in request || wanted.service) await syncService(clients, namespace, name, wanted.service, "spec" in request);
      return getWorkloadOrThrow(tenant, name, updated);
    } catch (error) {
      // A conflict on a resourceVersion the user sent is theirs to resolve; one on ours is retried from a fresh read.
      if (kubernetesStatusOf(error) === 409 && !userResourceVersion && attempt < ATTEMPTS) continue;
      if (kubernetesStatusOf(error) === 409) {
        throw new ApiError("conflict", `${doing}: it was changed by someone else at the same time. Reload it and apply your change again.`);
      }
      throw toApiError(error, doing);
    }
  }
}
