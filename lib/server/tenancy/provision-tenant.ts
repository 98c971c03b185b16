import "server-only";
import type * as k8s from "@kubernetes/client-node";
import type { RegistryCredentials } from "@/lib/contracts/images";
import { TENANT_ROLES, type TenantRole } from "@/lib/contracts/permissions";
import { ApiError } from "@/lib/server/http/api-error";
import { apiaryClients, type ClusterClients } from "@/lib/server/kubernetes/cluster-clients";
import { tenantGroup } from "@/lib/server/kubernetes/clients-for";
import { kubernetesStatusOf, toApiError } from "@/lib/server/kubernetes/to-api-error";
import { ensureRegistryRobotSecret, robotUsername, rotateRegistryRobotSecret } from "@/lib/server/registry/registry-robots";
import { registrySettings } from "@/lib/server/registry/registry-settings";
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

/** The pull secret of every tenant namespace, listed by the namespace's `default` ServiceAccount. */
export const REGISTRY_PULL_SECRET = "apiary-registry";

/** `http://127.0.0.1:5000` → `127.0.0.1:5000`: image references (and so kubelets' lookups) name the host, not the URL. */
export function registryHostOf(registryUrl: string): string {
  return new URL(registryUrl).host;
}

/** The `kubernetes.io/dockerconfigjson` Secret holding the tenant's robot credential for the registry. */
export function desiredRegistryPullSecret(tenant: Pick<ResolvedTenant, "id" | "slug" | "namespace">, registryUrl: string, password: string): k8s.V1Secret {
  const username = robotUsername(tenant.slug);
  const auths = { [registryHostOf(registryUrl)]: { username, password, auth: Buffer.from(`${username}:${password}`).toString("base64") } };
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "kubernetes.io/dockerconfigjson",
    metadata: { name: REGISTRY_PULL_SECRET, namespace: tenant.namespace, labels: { ...MANAGED_BY, [TENANT_LABEL]: tenant.id } },
    data: { ".dockerconfigjson": Buffer.from(JSON.stringify({ auths })).toString("base64") },
  };
}

/** The robot's password in a live pull secret, whatever registry host it was written for; null when absent or unreadable. */
function robotPasswordIn(secret: k8s.V1Secret | undefined, username: string): string | null {
  const encoded = secret?.data?.[".dockerconfigjson"];
  if (!encoded) return null;
  try {
    const config = JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as { auths?: Record<string, { username?: string; password?: string }> };
    const entry = Object.values(config.auths ?? {}).find((auth) => auth.username === username && typeof auth.password === "string");
    return entry?.password ?? null;
  } catch {
    return null;
  }
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
    step = "writing the registry pull secret";
    await ensureRegistryPullSecret(tenant, clients, null);
  } catch (error) {
    if (error instanceof TenantNamespaceTakenError) throw new ApiError("conflict", `Provisioning failed: ${error.message}`);
    throw toApiError(error, `Provisioning failed while ${step}`);
  }
}

/**
 * Writes the pull secret with `password`, or (null) with the robot credential already there while it is still
 * valid, and makes the namespace's `default` ServiceAccount list it, keeping any pull secrets it lists already.
 */
async function ensureRegistryPullSecret(tenant: Pick<ResolvedTenant, "id" | "slug" | "namespace">, clients: ClusterClients, password: string | null): Promise<void> {
  const { core } = clients;
  const namespace = tenant.namespace;
  const read = () => core.readNamespacedSecret({ name: REGISTRY_PULL_SECRET, namespace });
  let live: k8s.V1Secret | undefined;
  if (password === null) {
    try {
      live = await read();
    } catch (error) {
      if (kubernetesStatusOf(error) !== 404) throw error;
    }
  }
  const secret = password ?? (await ensureRegistryRobotSecret(tenant.id, robotPasswordIn(live, robotUsername(tenant.slug))));
  await ensure(
    {
      read,
      create: (body) => core.createNamespacedSecret({ namespace, body }),
      replace: (body) => core.replaceNamespacedSecret({ name: REGISTRY_PULL_SECRET, namespace, body }),
    },
    desiredRegistryPullSecret(tenant, registrySettings().registryUrl, secret),
  );
  // The ServiceAccount controller may not have made `default` yet; creating it first is what it would do anyway.
  await ensure<k8s.V1ServiceAccount>(
    {
      read: () => core.readNamespacedServiceAccount({ name: "default", namespace }),
      create: (body) => core.createNamespacedServiceAccount({ namespace, body }),
      replace: (body) => core.replaceNamespacedServiceAccount({ name: "default", namespace, body }),
    },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace }, imagePullSecrets: [{ name: REGISTRY_PULL_SECRET }] },
    (existing) => {
      const listed = existing.imagePullSecrets ?? [];
      return { ...existing, imagePullSecrets: listed.some((ref) => ref.name === REGISTRY_PULL_SECRET) ? listed : [...listed, { name: REGISTRY_PULL_SECRET }] };
    },
  );
}

/**
 * A new robot secret for the tenant's pull secret. The old one stops working at once (before the cluster is
 * told); if the cluster cannot be reached, re-running provisioning writes a fresh credential.
 */
export async function rotateRegistryCredentials(tenant: Pick<ResolvedTenant, "id" | "slug" | "namespace">, clients: ClusterClients = apiaryClients()): Promise<RegistryCredentials> {
  const { secret: password, rotatedAt } = await rotateRegistryRobotSecret(tenant.id);
  try {
    await ensureRegistryPullSecret(tenant, clients, password);
  } catch (error) {
    throw toApiError(error, `The old pull credential is revoked, but writing the new one into namespace ${tenant.namespace} failed; re-run provisioning`);
  }
  return { username: robotUsername(tenant.slug), registry: registryHostOf(registrySettings().registryUrl), secretName: REGISTRY_PULL_SECRET, rotatedAt: rotatedAt.toISOString() };
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
