import "server-only";
import type * as k8s from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";
import { WorkloadName } from "@/lib/contracts/workloads";
import { ApiError } from "@/lib/server/http/api-error";
import { REGISTRY_PULL_SECRET } from "@/lib/server/tenancy/provision-tenant";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";
import type { WorkloadManifests, WorkloadObject } from "./build-workload-manifests";

// YAML the user edited in the deploy form: exactly one apps/v1 Deployment or StatefulSet, and optionally one v1
// Service. Anything else is refused before it reaches the cluster, naming the field, so the YAML box can point at it.

function refuse(field: string, message: string): never {
  throw new ApiError("validation_failed", `The YAML is not valid: ${field}: ${message}`, [{ field: `body.yaml.${field}`, message }]);
}

type Manifest = { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } & Record<string, unknown> } & Record<string, unknown>;

/** The workload (and Service) of `text`, in the tenant's namespace, referencing the tenant's pull secret. */
export function parseWorkloadYaml(tenant: Pick<ResolvedTenant, "namespace" | "slug">, text: string): WorkloadManifests {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) refuse("documents", "no YAML documents found");
  let workload: WorkloadObject | null = null;
  let service: k8s.V1Service | null = null;
  let index = 0;
  for (const document of documents) {
    const at = `documents[${index++}]`;
    if (document.errors.length > 0) refuse(at, document.errors[0].message.split("\n")[0]);
    const value = document.toJS({ maxAliasCount: 50 }) as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value)) refuse(at, "each document must be a Kubernetes object (a mapping)");
    const manifest = value as Manifest;
    const kind = String(manifest.kind ?? "");
    const apiVersion = String(manifest.apiVersion ?? "");
    if (!manifest.metadata || typeof manifest.metadata !== "object") refuse(`${at}.metadata`, "required");
    const name = WorkloadName.safeParse(manifest.metadata.name);
    if (!name.success) refuse(`${at}.metadata.name`, name.error.issues[0].message);
    const namespace = manifest.metadata.namespace;
    if (namespace !== undefined && namespace !== null && namespace !== tenant.namespace) {
      refuse(`${at}.metadata.namespace`, `must be ${tenant.namespace} (tenant ${tenant.slug}'s namespace) or left out, not ${String(namespace)}`);
    }
    manifest.metadata.namespace = tenant.namespace;
    if ((kind === "Deployment" || kind === "StatefulSet") && apiVersion === "apps/v1") {
      if (workload) refuse(`${at}.kind`, "only one Deployment or StatefulSet per deploy");
      workload = manifest as unknown as WorkloadObject;
    } else if (kind === "Service" && apiVersion === "v1") {
      if (service) refuse(`${at}.kind`, "only one Service per deploy");
      service = manifest as k8s.V1Service;
    } else {
      refuse(`${at}.kind`, `${apiVersion || "?"} ${kind || "?"} is not deployed from here: use an apps/v1 Deployment or StatefulSet and optionally a v1 Service`);
    }
  }
  if (!workload) refuse("documents", "an apps/v1 Deployment or StatefulSet is required");
  const podSpec = (workload.spec as { template?: { spec?: k8s.V1PodSpec } } | undefined)?.template?.spec;
  if (podSpec && typeof podSpec === "object") {
    const secrets = Array.isArray(podSpec.imagePullSecrets) ? podSpec.imagePullSecrets : [];
    if (!secrets.some((secret) => secret?.name === REGISTRY_PULL_SECRET)) podSpec.imagePullSecrets = [...secrets, { name: REGISTRY_PULL_SECRET }];
  }
  return { workload, service };
}
