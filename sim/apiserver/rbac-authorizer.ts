import type { ClusterApi, KObject, UserInfo, WatchEvent } from "../core/types";

// The RBAC authorizer (plugin/pkg/auth/authorizer/rbac): a request is allowed when some rule of a role bound
// to the user, one of its groups or its service account covers it. ClusterRoleBindings grant everywhere,
// RoleBindings only in their namespace. Bindings are indexed by namespace and subject and kept current from
// watch events, so with thousands of tenant RoleBindings a check only looks at the user's own bindings.

export type AuthorizationAttributes = {
  verb: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  /** The request path, for non-resource requests such as /version or /apis. */
  path?: string;
};

export interface AuthorizationDecision {
  allowed: boolean;
  reason: string;
}

/** SelfSubjectRulesReview status (`kubectl auth can-i --list`). */
export interface SubjectRulesReviewStatus {
  resourceRules: { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }[];
  nonResourceRules: { verbs: string[]; nonResourceURLs: string[] }[];
  incomplete: boolean;
}

export interface RbacAuthorizer {
  authorize(user: UserInfo, attrs: AuthorizationAttributes): AuthorizationDecision;
  /** Every rule that applies to the user in `namespace` (cluster-wide rules included). */
  rulesFor(user: UserInfo, namespace?: string): SubjectRulesReviewStatus;
  stop(): void;
}

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Binding {
  kind: "RoleBinding" | "ClusterRoleBinding";
  namespace?: string;
  name: string;
  roleKind: string;
  roleName: string;
  /** Subject keys ("user:…" / "group:…") with how the subject was written, for the decision's reason. */
  subjects: Map<string, string>;
}

const userKey = (name: string) => "user:" + name;
const groupKey = (name: string) => "group:" + name;

function subjectKeys(subject: any, bindingNamespace: string | undefined): [string, string] | undefined {
  if (!subject || typeof subject.name !== "string") return undefined;
  switch (subject.kind) {
    case "User":
      return [userKey(subject.name), `User "${subject.name}"`];
    case "Group":
      return [groupKey(subject.name), `Group "${subject.name}"`];
    case "ServiceAccount": {
      const namespace = subject.namespace || bindingNamespace;
      if (!namespace) return undefined;
      return [userKey(`system:serviceaccount:${namespace}:${subject.name}`), `ServiceAccount "${subject.name}/${namespace}"`];
    }
    default:
      return undefined;
  }
}

function toBinding(obj: KObject): Binding {
  const namespace = obj.kind === "RoleBinding" ? obj.metadata.namespace : undefined;
  const subjects = new Map<string, string>();
  for (const subject of (obj.subjects as unknown[] | undefined) ?? []) {
    const key = subjectKeys(subject, namespace);
    if (key) subjects.set(key[0], key[1]);
  }
  return {
    kind: obj.kind === "RoleBinding" ? "RoleBinding" : "ClusterRoleBinding",
    namespace,
    name: obj.metadata.name ?? "",
    roleKind: obj.roleRef?.kind ?? "",
    roleName: obj.roleRef?.name ?? "",
    subjects,
  };
}

const has = (list: string[] | undefined, value: string) => !!list && (list.includes("*") || list.includes(value));

function resourceMatches(rule: PolicyRule, resource: string, subresource: string | undefined): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some((r) => r === "*" || r === combined || (!!subresource && r === `*/${subresource}`));
}

function nonResourceUrlMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((url) => url === "*" || url === path || (url.endsWith("*") && path.startsWith(url.slice(0, -1))));
}

/** RuleAllows from k8s.io/kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go. */
export function ruleAllows(rule: PolicyRule, attrs: AuthorizationAttributes): boolean {
  if (!has(rule.verbs, attrs.verb)) return false;
  if (attrs.resource === undefined) {
    return attrs.path !== undefined && nonResourceUrlMatches(rule, attrs.path);
  }
  if (!has(rule.apiGroups, attrs.apiGroup ?? "")) return false;
  if (!resourceMatches(rule, attrs.resource, attrs.subresource)) return false;
  if (!rule.resourceNames || rule.resourceNames.length === 0) return true;
  return !!attrs.name && rule.resourceNames.includes(attrs.name);
}

/** Subject keys of a user. The groups are taken as given: authentication and impersonation have already added
 *  system:authenticated and the service-account groups, and a SubjectAccessReview must be judged on exactly
 *  the groups it names, as kube-apiserver does. */
function subjectKeysOf(user: UserInfo): string[] {
  return [userKey(user.username), ...user.groups.map(groupKey)];
}

function addToIndex(index: Map<string, Set<string>>, key: string, value: string) {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function removeFromIndex(index: Map<string, Set<string>>, key: string, value: string) {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

export function createRbacAuthorizer(api: ClusterApi): RbacAuthorizer {
  let loaded = false;
  const clusterRoles = new Map<string, PolicyRule[]>();
  const roles = new Map<string, PolicyRule[]>(); // "ns/name"
  const bindings = new Map<string, Binding>(); // "RoleBinding:ns/name" | "ClusterRoleBinding:name"
  const clusterBindingsBySubject = new Map<string, Set<string>>();
  const roleBindingsBySubject = new Map<string, Set<string>>(); // "ns\0subjectKey"

  const bindingId = (obj: KObject) => `${obj.kind === "RoleBinding" ? "RoleBinding" : "ClusterRoleBinding"}:${obj.metadata.namespace ?? ""}/${obj.metadata.name}`;
  const roleId = (obj: KObject) => `${obj.metadata.namespace}/${obj.metadata.name}`;

  function removeBinding(id: string) {
    const binding = bindings.get(id);
    if (!binding) return;
    bindings.delete(id);
    for (const key of binding.subjects.keys()) {
      if (binding.kind === "RoleBinding") removeFromIndex(roleBindingsBySubject, `${binding.namespace}\0${key}`, id);
      else removeFromIndex(clusterBindingsBySubject, key, id);
    }
  }

  function putBinding(obj: KObject) {
    const id = bindingId(obj);
    removeBinding(id);
    const binding = toBinding(obj);
    bindings.set(id, binding);
    for (const key of binding.subjects.keys()) {
      if (binding.kind === "RoleBinding") addToIndex(roleBindingsBySubject, `${binding.namespace}\0${key}`, id);
      else addToIndex(clusterBindingsBySubject, key, id);
    }
  }

  function load() {
    for (const obj of api.list("clusterroles")) clusterRoles.set(obj.metadata.name ?? "", obj.rules ?? []);
    for (const obj of api.list("roles")) roles.set(roleId(obj), obj.rules ?? []);
    for (const obj of api.list("clusterrolebindings")) putBinding(obj);
    for (const obj of api.list("rolebindings")) putBinding(obj);
    loaded = true;
  }

  // Subscribing before the lazy first load means no change can fall between the list and the watch;
  // events before the load are skipped because the load itself will see their result.
  const onRoleEvent = (target: Map<string, PolicyRule[]>, id: (obj: KObject) => string) => (event: WatchEvent) => {
    if (!loaded) return;
    if (event.type === "DELETED") target.delete(id(event.object));
    else if (event.type === "ADDED" || event.type === "MODIFIED") target.set(id(event.object), event.object.rules ?? []);
  };
  const onBindingEvent = (event: WatchEvent) => {
    if (!loaded) return;
    if (event.type === "DELETED") removeBinding(bindingId(event.object));
    else if (event.type === "ADDED" || event.type === "MODIFIED") putBinding(event.object);
  };
  const unsubscribes = [
    api.subscribe("clusterroles", onRoleEvent(clusterRoles, (obj) => obj.metadata.name ?? "")),
    api.subscribe("roles", onRoleEvent(roles, roleId)),
    api.subscribe("clusterrolebindings", onBindingEvent),
    api.subscribe("rolebindings", onBindingEvent),
  ];

  function rulesOf(binding: Binding, errors: string[]): PolicyRule[] {
    if (binding.roleKind === "ClusterRole") {
      const rules = clusterRoles.get(binding.roleName);
      if (!rules) errors.push(`clusterrole.rbac.authorization.k8s.io "${binding.roleName}" not found`);
      return rules ?? [];
    }
    if (binding.roleKind === "Role" && binding.namespace) {
      const rules = roles.get(`${binding.namespace}/${binding.roleName}`);
      if (!rules) errors.push(`role.rbac.authorization.k8s.io "${binding.roleName}" not found`);
      return rules ?? [];
    }
    return [];
  }

  function allowedBy(binding: Binding, subjectKey: string): string {
    const where = binding.kind === "RoleBinding" ? `RoleBinding "${binding.name}/${binding.namespace}"` : `ClusterRoleBinding "${binding.name}"`;
    return `RBAC: allowed by ${where} of ${binding.roleKind} "${binding.roleName}" to ${binding.subjects.get(subjectKey)}`;
  }

  return {
    authorize(user, attrs) {
      // kube-apiserver's privileged-group authorizer answers before RBAC is consulted.
      if (user.groups.includes("system:masters")) return { allowed: true, reason: "" };
      if (!loaded) load();
      const keys = subjectKeysOf(user);
      const errors: string[] = [];
      for (const key of keys) {
        for (const id of clusterBindingsBySubject.get(key) ?? []) {
          const binding = bindings.get(id) as Binding;
          if (rulesOf(binding, errors).some((rule) => ruleAllows(rule, attrs))) return { allowed: true, reason: allowedBy(binding, key) };
        }
      }
      // Non-resource URLs are cluster-wide: RoleBindings never grant them.
      if (attrs.resource !== undefined && attrs.namespace) {
        for (const key of keys) {
          for (const id of roleBindingsBySubject.get(`${attrs.namespace}\0${key}`) ?? []) {
            const binding = bindings.get(id) as Binding;
            if (rulesOf(binding, errors).some((rule) => ruleAllows(rule, attrs))) return { allowed: true, reason: allowedBy(binding, key) };
          }
        }
      }
      return { allowed: false, reason: errors.length ? `RBAC: ${[...new Set(errors)].join(", ")}` : "" };
    },
    rulesFor(user, namespace) {
      if (!loaded) load();
      const keys = subjectKeysOf(user);
      const ids = new Set<string>();
      for (const key of keys) {
        for (const id of clusterBindingsBySubject.get(key) ?? []) ids.add(id);
        if (namespace) for (const id of roleBindingsBySubject.get(`${namespace}\0${key}`) ?? []) ids.add(id);
      }
      const status: SubjectRulesReviewStatus = { resourceRules: [], nonResourceRules: [], incomplete: false };
      const errors: string[] = [];
      for (const id of ids) {
        for (const rule of rulesOf(bindings.get(id) as Binding, errors)) {
          if (rule.nonResourceURLs?.length) status.nonResourceRules.push({ verbs: rule.verbs ?? [], nonResourceURLs: rule.nonResourceURLs });
          if (rule.resources?.length) {
            status.resourceRules.push({
              verbs: rule.verbs ?? [],
              apiGroups: rule.apiGroups ?? [],
              resources: rule.resources,
              ...(rule.resourceNames?.length ? { resourceNames: rule.resourceNames } : {}),
            });
          }
        }
      }
      if (user.groups.includes("system:masters") && !ids.size) {
        status.resourceRules.push({ verbs: ["*"], apiGroups: ["*"], resources: ["*"] });
        status.nonResourceRules.push({ verbs: ["*"], nonResourceURLs: ["*"] });
      }
      status.incomplete = errors.length > 0;
      return status;
    },
    stop() {
      for (const unsubscribe of unsubscribes) unsubscribe();
    },
  };
}
