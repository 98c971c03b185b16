import "server-only";
import type * as k8s from "@kubernetes/client-node";
import { stringify } from "yaml";
import type { CreateWorkloadRequest, WorkloadDetail, WorkloadManifestPreview } from "@/lib/contracts/workloads";
import { ApiError } from "@/lib/server/http/api-error";
import { clientsFor } from "@/lib/server/kubernetes/clients-for";
import type { ClusterClients } from "@/lib/server/kubernetes/cluster-clients";
import { kubernetesStatusOf, toApiError } from "@/lib/server/kubernetes/to-api-error";
import { buildWorkloadManifests, type WorkloadManifests, type WorkloadObject } from "./build-workload-manifests";
import { findDroppedFields } from "./find-dropped-fields";
import { getWorkloadOrThrow } from "./get-workload";
import { parseWorkloadYaml } from "./parse-workload-yaml";
import type { WriteContext } from "./read-live-workload";
import { assertBillingAllowsGrowth } from "@/lib/server/billing/suspension";
import { getDatabase } from "@/lib/server/db/get-database";

// Deploy: from the form's spec or from YAML, created as the caller so RBAC, quota, limit range and Pod Security
// admission all apply. A dry run sends the same objects with dryRun=All, so the preview has passed exactly the
// checks a real create would.

interface Sent<T> {
  object: T;
  warnings: string[];
}

/** `299 - "spec.foo: deprecated"` → `spec.foo: deprecated` (RFC 7234 warn-text, as kubectl prints it). */
function warningsOf(headers: Record<string, string> | undefined): string[] {
  const header = headers?.warning ?? headers?.Warning;
  if (!header) return [];
  return [...header.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)].map((match) => match[1].replaceAll('\\"', '"'));
}

async function sendWorkload(clients: ClusterClients, namespace: string, workload: WorkloadObject, dryRun: boolean): Promise<Sent<WorkloadObject>> {
  const options = { namespace, dryRun: dryRun ? "All" : undefined, fieldValidation: "Strict" };
  const info =
    workload.kind === "Deployment"
      ? await clients.apps.createNamespacedDeploymentWithHttpInfo({ ...options, body: workload })
      : await clients.apps.createNamespacedStatefulSetWithHttpInfo({ ...options, body: workload });
  return { object: { ...info.data, kind: workload.kind } as WorkloadObject, warnings: warningsOf(info.headers) };
}

async function sendService(clients: ClusterClients, namespace: string, service: k8s.V1Service, dryRun: boolean): Promise<Sent<k8s.V1Service>> {
  const info = await clients.core.createNamespacedServiceWithHttpInfo({ namespace, body: service, dryRun: dryRun ? "All" : undefined, fieldValidation: "Strict" });
  return { object: info.data, warnings: warningsOf(info.headers) };
}

/** The object as a person would write it: no status and none of the fields the API server fills in. */
function asManifest(object: object, apiVersion: string, kind: string): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(object)) as Record<string, unknown> & { metadata?: Record<string, unknown> };
  delete plain.status;
  for (const field of ["managedFields", "uid", "resourceVersion", "creationTimestamp", "generation", "selfLink"]) delete plain.metadata?.[field];
  return { apiVersion, kind, ...plain };
}

async function assertNameFree(clients: ClusterClients, context: WriteContext, name: string): Promise<void> {
  const namespace = context.tenant.namespace;
  const exists = async (read: () => Promise<unknown>) =>
    read().then(
      () => true,
      (error: unknown) => {
        if (kubernetesStatusOf(error) === 404) return false;
        throw toApiError(error, `Checking the name ${name}`);
      },
    );
  const [deployment, statefulSet] = await Promise.all([
    exists(() => clients.apps.readNamespacedDeployment({ name, namespace })),
    exists(() => clients.apps.readNamespacedStatefulSet({ name, namespace })),
  ]);
  if (deployment || statefulSet) {
    throw new ApiError("conflict", `A ${deployment ? "Deployment" : "StatefulSet"} named ${name} already exists in tenant ${context.tenant.slug}: pick another name, or edit that one.`);
  }
}

export function manifestsOfRequest(context: WriteContext, request: CreateWorkloadRequest | { yaml: string }): WorkloadManifests {
  return "spec" in request ? buildWorkloadManifests(context.tenant, request.spec) : parseWorkloadYaml(context.tenant, request.yaml);
}

/** Both objects sent once, as a dry run or for real; the workload is deleted again when its Service fails. */
async function sendAll(clients: ClusterClients, context: WriteContext, { workload, service }: WorkloadManifests, dryRun: boolean) {
  const name = workload.metadata!.name!;
  const namespace = context.tenant.namespace;
  const doing = dryRun ? `Checking ${name}` : `Creating ${name}`;
  const created = await sendWorkload(clients, namespace, workload, dryRun).catch((error: unknown) => {
    throw toApiError(error, doing);
  });
  let createdService: Sent<k8s.V1Service> | null = null;
  if (service) {
    try {
      createdService = await sendService(clients, namespace, service, dryRun);
    } catch (error) {
      if (!dryRun) {
        // Nothing half-made: the workload goes again when its Service cannot be created.
        await clients.apps[workload.kind === "Deployment" ? "deleteNamespacedDeployment" : "deleteNamespacedStatefulSet"]({ name, namespace, propagationPolicy: "Background" }).catch(() => undefined);
      }
      throw toApiError(error, `${doing}: its Service`);
    }
  }
  return { created, createdService };
}

/** YAML fields the API server did not keep are fields its schema does not have: refused, as kubectl's strict validation does. */
function assertNothingDropped(manifests: WorkloadManifests, workload: WorkloadObject, service: k8s.V1Service | null): void {
  const dropped = [
    ...findDroppedFields(manifests.workload, workload).map((field) => `${manifests.workload.kind}.${field}`),
    ...(manifests.service && service ? findDroppedFields(manifests.service, service).map((field) => `Service.${field}`) : []),
  ];
  if (dropped.length > 0) {
    throw new ApiError(
      "validation_failed",
      `The YAML is not valid: unknown field${dropped.length > 1 ? "s" : ""} ${dropped.slice(0, 5).join(", ")}`,
      dropped.map((field) => ({ field: `body.yaml.${field}`, message: "unknown field" })),
    );
  }
}

/** Creates the workload and its Service (201 with the workload), or with `dryRun` validates them and returns their YAML. */
export async function createWorkload(context: WriteContext, request: CreateWorkloadRequest, dryRun: boolean): Promise<WorkloadDetail | WorkloadManifestPreview> {
  const manifests = manifestsOfRequest(context, request);
  const { workload } = manifests;
  const name = workload.metadata!.name!;
  // A tenant suspended for an unpaid balance deploys nothing new (a dry run still previews).
  if (!dryRun) await assertBillingAllowsGrowth((await getDatabase()).db, context.tenant, `Deploying ${name}`);
  const clients = clientsFor(context);
  await assertNameFree(clients, context, name);
  // YAML is checked by a dry run first even for a real create, so an unknown field is refused before anything exists.
  if (dryRun || "yaml" in request) {
    const checked = await sendAll(clients, context, manifests, true);
    if ("yaml" in request) assertNothingDropped(manifests, checked.created.object, checked.createdService?.object ?? null);
    if (dryRun) {
      const documents = [asManifest(checked.created.object, "apps/v1", workload.kind), ...(checked.createdService ? [asManifest(checked.createdService.object, "v1", "Service")] : [])];
      return {
        yaml: documents.map((document) => stringify(document)).join("---\n"),
        warnings: [...checked.created.warnings, ...(checked.createdService?.warnings ?? [])],
      };
    }
  }
  const { created } = await sendAll(clients, context, manifests, false);
  return getWorkloadOrThrow(context.tenant, name, created.object);
}
