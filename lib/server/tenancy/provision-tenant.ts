import "server-only";
import type * as k8s from "@kubernetes/client-node";
import { TENANT_ROLES, type TenantRole } from "@/lib/contracts/permissions";
import { ApiError } from "@/lib/server/http/api-error";
import { apiaryClients, type ClusterClients } from "@/lib/server/kubernetes/cluster-clients";
import { tenantGroup } from "@/lib/server/kubernetes/clients-for";
import { kubernetesStatusOf, toApiError } from "@/lib/server/kubernetes/to-api-error";
import type { PlanRow, ResolvedTenant } from "./tenants";

// One idempotent reconcile of a tenant's slice of the cluster, done with Apiary's own credentials (namespaces are
// cluster-scoped). Each object is read, then created when missing or replaced when present, so re-running after
// a failure resumes where it stopped and converges on the same objects.

export const TENANT_LABEL = "apiary.io/tenant";
const MANAGED_BY = { "app.kubernetes.io/managed-by": "apiary" };

/** Default requests and limits for containers that state none (a ResourceQuota on cpu/memory rejects those). */
export const CONTAINER_DEFAULTS = {
  defaultRequest: { cpu: "250m", memory: "256Mi" },
  default: { cpu: "500m", memory: "512Mi" },
};

const CLUSTER_ROLE_OF: Record<TenantRole, string> = { owner: "admin", admin: "admin", developer: "edit", viewer: "view" };

export interface TenantObjects {
  namespace: k8s.V1Namespace;
  resourceQuota: k8s.V1ResourceQuota;
  limitRange: k8s.V1LimitRange;
  networkPolicy: k8s.V1NetworkPolicy;
  roleBindings: k8s.V1RoleBinding[];
}

/** What the cluster should hold for a tenant: pure, so tests can compare it with what was sent. */
export function desiredTenantObjects(tenant: Pick<ResolvedTenant, "id" | "slug" | "namespace">, plan: PlanRow): TenantObjects {
  const labels = { ...MANAGED_BY, [TENANT_LABEL]: tenant.id };
  const meta = (name: string) => ({ name, namespace: tenant.namespace, labels });
  return {
    namespace: {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: tenant.namespace,
        labels: {
          ...labels,
          "apiary.io/tenant-slug": tenant.slug,
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/audit": "restricted",
        },
      },
    },
    resourceQuota: {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: meta("apiary-quota"),
      spec: {
        hard: {
          "requests.cpu": `${plan.requestsCpuMillicores}m`,
          "requests.memory": `${plan.requestsMemoryMiB}Mi`,
          "limits.cpu": `${plan.limitsCpuMillicores}m`,
          "limits.memory": `${plan.limitsMemoryMiB}Mi`,
          pods: String(plan.pods),
        },
      },
    },
    limitRange: {
      apiVersion: "v1",
      kind: "LimitRange",
      metadata: meta("apiary-defaults"),
      // client-node names the field `_default` (default is a reserved word) and sends it as `default`.
      spec: { limits: [{ type: "Container", defaultRequest: CONTAINER_DEFAULTS.defaultRequest, _default: CONTAINER_DEFAULTS.default }] },
    },
    networkPolicy: {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta("default-deny-other-namespaces"),
      // Selects every pod; the only ingress allowed is from pods of the same namespace (a private network per tenant).
      spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ _from: [{ podSelector: {} }] }] },
    },
    roleBindings: TENANT_ROLES.map((role) => ({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta(`apiary-${role}`),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: CLUSTER_ROLE_OF[role] },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: tenantGroup(tenant.id, role) }],
    })),
  };
}

interface Handlers<T> {
  read(): Promise<T>;
  create(body: T): Promise<T>;
  replace(body: T): Promise<T>;
}

type WithMeta = { metadata?: k8s.V1ObjectMeta };

/** GET; create on 404; replace (keeping the live resourceVersion) when present; on a create race (409), replace. */
async function ensure<T extends WithMeta>(handlers: Handlers<T>, desired: T, merge: (existing: T, desired: T) => T = (_e, d) => d): Promise<T> {
  let existing: T | undefined;
  try {
    existing = await handlers.read();
  } catch (error) {
    if (kubernetesStatusOf(error) !== 404) throw error;
  }
  if (!existing) {
    try {
      return await handlers.create(desired);
    } catch (error) {
      if (kubernetesStatusOf(error) !== 409) throw error;
      existing = await handlers.read();
    }
  }
  const body = merge(existing, desired);
  return handlers.replace({ ...body, metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion } });
}

export class TenantNamespaceTakenError extends Error {}

/**
 * Creates or converges the tenant's namespace and everything in it. Throws an ApiError (for the caller to record
 * as provisioning_failed) when the cluster refuses or cannot be reached.
 */
export async function provisionTenant(tenant: Pick<ResolvedTenant, "id" | "slug" | "namespace">, plan: PlanRow, clients: ClusterClients = apiaryClients()): Promise<void> {
  const desired = desiredTenantObjects(tenant, plan);
  const ns = tenant.namespace;
  const { core, networking, rbac } = clients;
  let step = `creating namespace ${ns}`;
  try {
    await ensure(
      {
        read: () => core.readNamespace({ name: ns }),
        create: (body) => core.createNamespace({ body }),
        replace: (body) => core.replaceNamespace({ name: ns, body }),
      },
      desired.namespace,
      (existing, wanted) => {
        const owner = existing.metadata?.labels?.[TENANT_LABEL];
        // Never adopt a namespace that belongs to someone else (another tenant, or the platform itself).
        if (owner !== tenant.id) throw new TenantNamespaceTakenError(`namespace ${ns} already exists and does not belong to this tenant`);
        if (existing.status?.phase === "Terminating") throw new TenantNamespaceTakenError(`namespace ${ns} is still being deleted; try again in a minute`);
        return { ...existing, metadata: { ...existing.metadata, labels: { ...existing.metadata?.labels, ...wanted.metadata?.labels } } };
      },
    );
    step = "setting the resource quota";
    await ensure(
      {
        read: () => core.readNamespacedResourceQuota({ name: "apiary-quota", namespace: ns }),
        create: (body) => core.createNamespacedResourceQuota({ namespace: ns, body }),
        replace: (body) => core.replaceNamespacedResourceQuota({ name: "apiary-quota", namespace: ns, body }),
      },
      desired.resourceQuota,
    );
    step = "setting the default container limits";
    await ensure(
      {
        read: () => core.readNamespacedLimitRange({ name: "apiary-defaults", namespace: ns }),
        create: (body) => core.createNamespacedLimitRange({ namespace: ns, body }),
        replace: (body) => core.replaceNamespacedLimitRange({ name: "apiary-defaults", namespace: ns, body }),
      },
      desired.limitRange,
    );
    step = "isolating the network";
    await ensure(
      {
        read: () => networking.readNamespacedNetworkPolicy({ name: "default-deny-other-namespaces", namespace: ns }),
        create: (body) => networking.createNamespacedNetworkPolicy({ namespace: ns, body }),
        replace: (body) => networking.replaceNamespacedNetworkPolicy({ name: "default-deny-other-namespaces", namespace: ns, body }),
      },
      desired.networkPolicy,
    );
    for (const binding of desired.roleBindings) {
      const name = binding.metadata!.name!;
      step = `binding role ${name}`;
      await ensure(
        {
          read: () => rbac.readNamespacedRoleBinding({ name, namespace: ns }),
          create: (body) => rbac.createNamespacedRoleBinding({ namespace: ns, body }),
          replace: async (body) => {
            // roleRef is immutable in Kubernetes: a binding pointing elsewhere is deleted and created again.
            const live = await rbac.readNamespacedRoleBinding({ name, namespace: ns });
            if (live.roleRef.name !== body.roleRef.name || live.roleRef.kind !== body.roleRef.kind) {
              await rbac.deleteNamespacedRoleBinding({ name, namespace: ns });
              return rbac.createNamespacedRoleBinding({ namespace: ns, body: { ...body, metadata: { ...body.metadata, resourceVersion: undefined } } });
            }
            return rbac.replaceNamespacedRoleBinding({ name, namespace: ns, body });
          },
        },
        binding,
      );
    }
  } catch (error) {
    if (error instanceof TenantNamespaceTakenError) throw new ApiError("conflict", `Provisioning failed: ${error.message}`);
    throw toApiError(error, `Provisioning failed while ${step}`);
  }
}

/** Deletes the tenant's namespace (Kubernetes then deletes everything in it); a namespace already gone is fine. */
export async function deleteTenantNamespace(tenant: Pick<ResolvedTenant, "id" | "namespace">, clients: ClusterClients = apiaryClients()): Promise<void> {
  try {
    const live = await clients.core.readNamespace({ name: tenant.namespace });
    if (live.metadata?.labels?.[TENANT_LABEL] !== tenant.id) return;
    await clients.core.deleteNamespace({ name: tenant.namespace });
  } catch (error) {
    if (kubernetesStatusOf(error) === 404) return;
    throw toApiError(error, `Deleting namespace ${tenant.namespace}`);
  }
}
