import type { KObject } from "./types";

// The built-in RBAC objects kube-apiserver creates at start-up (plugin/pkg/auth/authorizer/rbac/bootstrappolicy).
// admin/edit/view are the aggregated roles as they look once aggregated, restricted to the resources the
// simulator serves, so `kubectl describe clusterrole edit` reads as on a real cluster and tenants bound to
// them get the same answers from `kubectl auth can-i`.

interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

const READ = ["get", "list", "watch"];
const WRITE = ["create", "delete", "deletecollection", "patch", "update"];

const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({ verbs, apiGroups, resources });

const viewRules: PolicyRule[] = [
  rule([""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"], READ),
  rule([""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"], READ),
  rule([""], ["namespaces"], READ),
  rule(["discovery.k8s.io"], ["endpointslices"], READ),
  rule(["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"], READ),
  rule(["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"], READ),
  rule(["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"], READ),
  rule(["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"], READ),
  rule(["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"], READ),
  rule(["events.k8s.io"], ["events"], READ),
  // system:aggregated-metrics-reader aggregates into view, which is what lets tenants run `kubectl top pod`.
  rule(["metrics.k8s.io"], ["pods", "nodes"], READ),
];

const editOnlyRules: PolicyRule[] = [
  rule([""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"], READ),
  rule([""], ["serviceaccounts"], ["impersonate"]),
  rule([""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"], WRITE),
  rule([""], ["pods/eviction"], ["create"]),
  rule([""], ["configmaps", "endpoints", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"], WRITE),
  rule([""], ["serviceaccounts/token"], ["create"]),
  rule(["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"], WRITE),
  rule(["autoscaling"], ["horizontalpodautoscalers"], WRITE),
  rule(["batch"], ["cronjobs", "jobs"], WRITE),
  rule(["policy"], ["poddisruptionbudgets"], WRITE),
  rule(["networking.k8s.io"], ["ingresses", "networkpolicies"], WRITE),
  rule(["discovery.k8s.io"], ["endpointslices"], WRITE),
  rule(["events.k8s.io"], ["events"], WRITE),
];

const adminOnlyRules: PolicyRule[] = [
  rule(["authorization.k8s.io"], ["localsubjectaccessreviews"], ["create"]),
  rule(["rbac.authorization.k8s.io"], ["rolebindings", "roles"], [...WRITE, ...READ]),
];

const bootstrapMeta = (name: string, extraLabels: Record<string, string> = {}) => ({
  name,
  labels: { "kubernetes.io/bootstrapping": "rbac-defaults", ...extraLabels },
  annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" },
});

function clusterRole(name: string, rules: PolicyRule[], extraLabels?: Record<string, string>): KObject {
  return { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: bootstrapMeta(name, extraLabels), rules };
}

function clusterRoleBinding(name: string, role: string, groups: string[]): KObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: bootstrapMeta(name),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    subjects: groups.map((group) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group })),
  };
}

/** The ClusterRoles and ClusterRoleBindings a fresh cluster starts with. */
export function bootstrapRbacObjects(): KObject[] {
  return [
    clusterRole("cluster-admin", [
      { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
      { verbs: ["*"], nonResourceURLs: ["*"] },
    ]),
    clusterRole("admin", [...adminOnlyRules, ...editOnlyRules, ...viewRules]),
    clusterRole("edit", [...editOnlyRules, ...viewRules], { "rbac.authorization.k8s.io/aggregate-to-admin": "true" }),
    clusterRole("view", viewRules, { "rbac.authorization.k8s.io/aggregate-to-edit": "true" }),
    clusterRole("system:discovery", [
      { verbs: ["get"], nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"] },
    ]),
    clusterRole("system:basic-user", [
      rule(["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], ["create"]),
      rule(["authentication.k8s.io"], ["selfsubjectreviews"], ["create"]),
    ]),
    clusterRole("system:public-info-viewer", [{ verbs: ["get"], nonResourceURLs: ["/healthz", "/livez", "/readyz", "/version", "/version/"] }]),
    clusterRoleBinding("cluster-admin", "cluster-admin", ["system:masters"]),
    clusterRoleBinding("system:discovery", "system:discovery", ["system:authenticated"]),
    clusterRoleBinding("system:basic-user", "system:basic-user", ["system:authenticated"]),
    clusterRoleBinding("system:public-info-viewer", "system:public-info-viewer", ["system:authenticated", "system:unauthenticated"]),
  ];
}
