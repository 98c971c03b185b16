import { StatusError, type ResourceInfo } from "./types";

// The verbs, short names and categories below are copied from what a real kube-apiserver (1.30–1.33) lists in
// discovery, because kubectl resolves `kubectl get deploy`, `kubectl get all` and `kubectl api-resources` from them.
const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const NO_COLLECTION_VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"];

function r(
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<Pick<ResourceInfo, "shortNames" | "categories" | "verbs" | "subresources">> = {},
): ResourceInfo {
  return {
    group,
    version,
    resource,
    kind,
    singular: kind.toLowerCase(),
    namespaced,
    verbs: extra.verbs ?? ALL_VERBS,
    ...(extra.shortNames ? { shortNames: extra.shortNames } : {}),
    ...(extra.categories ? { categories: extra.categories } : {}),
    ...(extra.subresources ? { subresources: extra.subresources } : {}),
  };
}

/** Every resource the object store holds, in discovery order. */
export const RESOURCES: ResourceInfo[] = [
  r("", "v1", "namespaces", "Namespace", false, { shortNames: ["ns"], verbs: NO_COLLECTION_VERBS, subresources: ["status", "finalize"] }),
  r("", "v1", "pods", "Pod", true, { shortNames: ["po"], categories: ["all"], subresources: ["status", "log", "eviction", "binding"] }),
  r("", "v1", "services", "Service", true, { shortNames: ["svc"], categories: ["all"], subresources: ["status"] }),
  r("", "v1", "endpoints", "Endpoints", true, { shortNames: ["ep"] }),
  r("", "v1", "events", "Event", true, { shortNames: ["ev"] }),
  r("", "v1", "configmaps", "ConfigMap", true, { shortNames: ["cm"] }),
  r("", "v1", "secrets", "Secret", true),
  r("", "v1", "serviceaccounts", "ServiceAccount", true, { shortNames: ["sa"] }),
  r("", "v1", "nodes", "Node", false, { shortNames: ["no"], subresources: ["status", "proxy"] }),
  r("", "v1", "resourcequotas", "ResourceQuota", true, { shortNames: ["quota"], subresources: ["status"] }),
  r("", "v1", "limitranges", "LimitRange", true, { shortNames: ["limits"] }),
  r("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, { shortNames: ["pvc"], subresources: ["status"] }),
  r("", "v1", "persistentvolumes", "PersistentVolume", false, { shortNames: ["pv"], subresources: ["status"] }),
  r("apps", "v1", "deployments", "Deployment", true, { shortNames: ["deploy"], categories: ["all"], subresources: ["status", "scale"] }),
  r("apps", "v1", "replicasets", "ReplicaSet", true, { shortNames: ["rs"], categories: ["all"], subresources: ["status", "scale"] }),
  r("apps", "v1", "statefulsets", "StatefulSet", true, { shortNames: ["sts"], categories: ["all"], subresources: ["status", "scale"] }),
  r("apps", "v1", "controllerrevisions", "ControllerRevision", true),
  r("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, { shortNames: ["netpol"] }),
  // Stored and served like any object (a Helm chart applies them); no ingress or disruption controller acts on them.
  r("networking.k8s.io", "v1", "ingresses", "Ingress", true, { shortNames: ["ing"], subresources: ["status"] }),
  r("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, { shortNames: ["pdb"], subresources: ["status"] }),
  r("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
  r("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
  r("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
  r("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
  r("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, { verbs: ["create"] }),
  r("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", false, { verbs: ["create"] }),
  r("coordination.k8s.io", "v1", "leases", "Lease", true),
];

/** metrics.k8s.io is served by the HTTP layer from the kubelets, never stored; the plural names collide with core
 *  pods/nodes, which is why these are kept out of RESOURCES and resourceInfo(). */
export const METRICS_RESOURCES: ResourceInfo[] = [
  { group: "metrics.k8s.io", version: "v1beta1", resource: "pods", kind: "PodMetrics", singular: "", namespaced: true, verbs: ["get", "list"] },
  { group: "metrics.k8s.io", version: "v1beta1", resource: "nodes", kind: "NodeMetrics", singular: "", namespaced: false, verbs: ["get", "list"] },
];

const BY_RESOURCE = new Map(RESOURCES.map((info) => [info.resource, info]));
const BY_KIND = new Map(RESOURCES.map((info) => [`${info.group}/${info.kind}`, info]));

/** Throws StatusError 404 for a resource the simulator does not serve. */
export function resourceInfo(resource: string): ResourceInfo {
  const info = BY_RESOURCE.get(resource);
  if (!info) throw new StatusError(404, "NotFound", `the server could not find the requested resource (${resource})`, { kind: resource });
  return info;
}

export function resourceByKind(group: string, kind: string): ResourceInfo | undefined {
  return BY_KIND.get(`${group}/${kind}`);
}

/** The group of an apiVersion: "apps/v1" → "apps", "v1" → "". */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

export function apiVersionOf(info: ResourceInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** "deployments.apps" / "pods": how error messages name a resource. */
export function qualifiedResource(info: ResourceInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** "Deployment.apps" / "Pod": how 422 Invalid messages name a kind. */
export function qualifiedKind(info: ResourceInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}
