import "server-only";
import type * as k8s from "@kubernetes/client-node";
import type { TenantRole } from "@/lib/contracts/permissions";
import type { Actor } from "@/lib/server/auth/actor";
import { ApiError } from "@/lib/server/http/api-error";
import type { ClusterClients } from "@/lib/server/kubernetes/cluster-clients";
import { kubernetesStatusOf, toApiError } from "@/lib/server/kubernetes/to-api-error";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";

/** Who writes, and where: the route's context, handed to clientsFor so every write impersonates the caller. */
export interface WriteContext {
  actor: Actor;
  tenant: ResolvedTenant;
  role: TenantRole;
}

export type LiveWorkload = { kind: "Deployment"; object: k8s.V1Deployment } | { kind: "StatefulSet"; object: k8s.V1StatefulSet };

export function workloadNotFound(tenant: ResolvedTenant, name: string): ApiError {
  return new ApiError("not_found", `Workload ${name} not found in tenant ${tenant.slug}.`);
}

/**
 * The workload as the API server has it now (not the watch cache, which may lag a write by a moment), read as the
 * caller: the Deployment of that name, else the StatefulSet. Writes start from this object's resourceVersion.
 */
export async function readLiveWorkloadOrThrow(clients: ClusterClients, tenant: ResolvedTenant, name: string, doing: string): Promise<LiveWorkload> {
  // Not an object name Kubernetes allows, so no such workload: "" or "." would otherwise address the collection.
  if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(name)) throw workloadNotFound(tenant, name.slice(0, 253));
  const namespace = tenant.namespace;
  try {
    return { kind: "Deployment", object: await clients.apps.readNamespacedDeployment({ name, namespace }) };
  } catch (error) {
    if (kubernetesStatusOf(error) !== 404) throw toApiError(error, doing);
  }
  try {
    return { kind: "StatefulSet", object: await clients.apps.readNamespacedStatefulSet({ name, namespace }) };
  } catch (error) {
    if (kubernetesStatusOf(error) === 404) throw workloadNotFound(tenant, name);
    throw toApiError(error, doing);
  }
}

/** A JSON Pointer segment: `apiary.io/canary-pause-after` → `apiary.io~1canary-pause-after`. */
export function pointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}
