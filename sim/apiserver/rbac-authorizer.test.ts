import { describe, expect, it } from "vitest";
import { bootstrapRbacObjects } from "../core/bootstrap-rbac";
import type { KObject, UserInfo } from "../core/types";
import { createFakeLifecycleClusterApi } from "../controllers/fake-lifecycle-cluster-api";
import { createRbacAuthorizer } from "./rbac-authorizer";

const RBAC = "rbac.authorization.k8s.io/v1";

function setup() {
  const api = createFakeLifecycleClusterApi();
  for (const obj of bootstrapRbacObjects()) api.create(obj.kind === "ClusterRole" ? "clusterroles" : "clusterrolebindings", obj);
  for (const ns of ["t-a", "t-b"]) api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  const bind = (namespace: string, name: string, role: string, subject: Record<string, string>, roleKind = "ClusterRole") =>
    api.create("rolebindings", {
      apiVersion: RBAC,
      kind: "RoleBinding",
      metadata: { name, namespace },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: role },
      subjects: [subject],
    });
  bind("t-a", "developers", "edit", { kind: "Group", name: "apiary:tenant:1:developer", apiGroup: "rbac.authorization.k8s.io" });
  bind("t-a", "viewers", "view", { kind: "Group", name: "apiary:tenant:1:viewer", apiGroup: "rbac.authorization.k8s.io" });
  bind("t-a", "owners", "admin", { kind: "User", name: "owner", apiGroup: "rbac.authorization.k8s.io" });
  const authz = createRbacAuthorizer(api);
  return { api, authz, bind };
}

const developer: UserInfo = { username: "apiary:user:1", groups: ["apiary:tenant:1:developer", "system:authenticated"] };
const viewer: UserInfo = { username: "apiary:user:2", groups: ["apiary:tenant:1:viewer", "system:authenticated"] };
const owner: UserInfo = { username: "owner", groups: [] };

describe("createRbacAuthorizer", () => {
  it("lets a developer create deployments only in the namespace whose RoleBinding names their group", () => {
    const { authz } = setup();
    const create = { verb: "create", resource: "deployments", apiGroup: "apps" };
    expect(authz.authorize(developer, { ...create, namespace: "t-a" }).allowed).toBe(true);
    expect(authz.authorize(developer, { ...create, namespace: "t-b" }).allowed).toBe(false);
    expect(authz.authorize(developer, { ...create, namespace: "t-a" }).reason).toContain('ClusterRole "edit"');
  });

  it("lets viewers read but not create, and keeps secrets from them", () => {
    const { authz } = setup();
    expect(authz.authorize(viewer, { verb: "list", resource: "pods", apiGroup: "", namespace: "t-a" }).allowed).toBe(true);
    expect(authz.authorize(viewer, { verb: "get", resource: "pods", subresource: "log", apiGroup: "", namespace: "t-a", name: "p" }).allowed).toBe(true);
    expect(authz.authorize(viewer, { verb: "create", resource: "deployments", apiGroup: "apps", namespace: "t-a" }).allowed).toBe(false);
    expect(authz.authorize(viewer, { verb: "get", resource: "secrets", apiGroup: "", namespace: "t-a", name: "s" }).allowed).toBe(false);
  });

  it("lets admin manage rolebindings but not edit", () => {
    const { authz } = setup();
    const attrs = { verb: "create", resource: "rolebindings", apiGroup: "rbac.authorization.k8s.io", namespace: "t-a" };
    expect(authz.authorize(owner, attrs).allowed).toBe(true);
    expect(authz.authorize(developer, attrs).allowed).toBe(false);
  });

  it("allows everything to system:masters and to cluster-admin bindings, including non-resource URLs", () => {
    const { api, authz } = setup();
    const master: UserInfo = { username: "admin", groups: ["system:masters"] };
    expect(authz.authorize(master, { verb: "delete", resource: "nodes", apiGroup: "" }).allowed).toBe(true);
    api.create("clusterrolebindings", {
      apiVersion: RBAC,
      kind: "ClusterRoleBinding",
      metadata: { name: "ops" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
      subjects: [{ kind: "User", name: "ops", apiGroup: "rbac.authorization.k8s.io" }],
    });
    const ops: UserInfo = { username: "ops", groups: [] };
    expect(authz.authorize(ops, { verb: "delete", resource: "nodes", apiGroup: "" }).allowed).toBe(true);
    expect(authz.authorize(ops, { verb: "get", path: "/metrics" }).allowed).toBe(true);
  });

  it("lets any authenticated user discover the API, read /version and review its own access", () => {
    const { authz } = setup();
    const nobody: UserInfo = { username: "someone", groups: ["system:authenticated"] };
    expect(authz.authorize(nobody, { verb: "get", path: "/apis/apps/v1" }).allowed).toBe(true);
    expect(authz.authorize(nobody, { verb: "get", path: "/version" }).allowed).toBe(true);
    expect(authz.authorize(nobody, { verb: "create", resource: "selfsubjectaccessreviews", apiGroup: "authorization.k8s.io" }).allowed).toBe(true);
    expect(authz.authorize(nobody, { verb: "get", path: "/metrics" }).allowed).toBe(false);
    expect(authz.authorize(nobody, { verb: "list", resource: "pods", apiGroup: "", namespace: "t-a" }).allowed).toBe(false);
  });

  it("honours resourceNames and subresources in a namespaced Role", () => {
    const { api, authz, bind } = setup();
    api.create("roles", {
      apiVersion: RBAC,
      kind: "Role",
      metadata: { name: "scaler", namespace: "t-b" },
      rules: [
        { verbs: ["get", "patch"], apiGroups: ["apps"], resources: ["deployments/scale"], resourceNames: ["web"] },
        { verbs: ["get"], apiGroups: ["*"], resources: ["*/status"] },
      ],
    } as KObject);
    bind("t-b", "scaler", "scaler", { kind: "User", name: "bot", apiGroup: "rbac.authorization.k8s.io" }, "Role");
    const bot: UserInfo = { username: "bot", groups: [] };
    const scale = { verb: "patch", resource: "deployments", subresource: "scale", apiGroup: "apps", namespace: "t-b" };
    expect(authz.authorize(bot, { ...scale, name: "web" }).allowed).toBe(true);
    expect(authz.authorize(bot, { ...scale, name: "api" }).allowed).toBe(false);
    expect(authz.authorize(bot, { ...scale, subresource: undefined, name: "web" }).allowed).toBe(false);
    expect(authz.authorize(bot, { verb: "get", resource: "pods", subresource: "status", apiGroup: "", namespace: "t-b", name: "p" }).allowed).toBe(true);
    expect(authz.authorize(bot, { verb: "get", resource: "pods", apiGroup: "", namespace: "t-b", name: "p" }).allowed).toBe(false);
  });

  it("matches service accounts by user name and by their namespace group", () => {
    const { authz, bind } = setup();
    bind("t-b", "sa-view", "view", { kind: "ServiceAccount", name: "robot", namespace: "t-b" });
    bind("t-a", "all-sa", "view", { kind: "Group", name: "system:serviceaccounts:t-b", apiGroup: "rbac.authorization.k8s.io" });
    // The groups authentication gives every service account.
    const robot: UserInfo = { username: "system:serviceaccount:t-b:robot", groups: ["system:serviceaccounts", "system:serviceaccounts:t-b", "system:authenticated"] };
    expect(authz.authorize(robot, { verb: "list", resource: "pods", apiGroup: "", namespace: "t-b" }).allowed).toBe(true);
    expect(authz.authorize(robot, { verb: "list", resource: "pods", apiGroup: "", namespace: "t-a" }).allowed).toBe(true);
    const other: UserInfo = { username: "system:serviceaccount:t-c:robot", groups: ["system:serviceaccounts", "system:serviceaccounts:t-c", "system:authenticated"] };
    expect(authz.authorize(other, { verb: "list", resource: "pods", apiGroup: "", namespace: "t-b" }).allowed).toBe(false);
  });

  it("authorises impersonation through the impersonate verb", () => {
    const { api, authz } = setup();
    api.create("clusterroles", { apiVersion: RBAC, kind: "ClusterRole", metadata: { name: "impersonator" }, rules: [{ verbs: ["impersonate"], apiGroups: [""], resources: ["users", "groups"] }] } as KObject);
    api.create("clusterrolebindings", {
      apiVersion: RBAC,
      kind: "ClusterRoleBinding",
      metadata: { name: "console" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "impersonator" },
      subjects: [{ kind: "User", name: "console", apiGroup: "rbac.authorization.k8s.io" }],
    });
    const consoleUser: UserInfo = { username: "console", groups: [] };
    expect(authz.authorize(consoleUser, { verb: "impersonate", resource: "users", apiGroup: "", name: "apiary:user:1" }).allowed).toBe(true);
    expect(authz.authorize(consoleUser, { verb: "impersonate", resource: "serviceaccounts", apiGroup: "", namespace: "t-a", name: "x" }).allowed).toBe(false);
    expect(authz.authorize(developer, { verb: "impersonate", resource: "users", apiGroup: "", name: "admin" }).allowed).toBe(false);
  });

  it("follows binding and role changes without being recreated", () => {
    const { api, authz, bind } = setup();
    const attrs = { verb: "create", resource: "configmaps", apiGroup: "", namespace: "t-b" };
    expect(authz.authorize(developer, attrs).allowed).toBe(false);
    bind("t-b", "developers", "edit", { kind: "Group", name: "apiary:tenant:1:developer", apiGroup: "rbac.authorization.k8s.io" });
    expect(authz.authorize(developer, attrs).allowed).toBe(true);
    api.delete("rolebindings", "t-b", "developers");
    expect(authz.authorize(developer, attrs).allowed).toBe(false);

    const edit = api.getOrThrow("clusterroles", undefined, "edit");
    api.update("clusterroles", { ...edit, rules: [] });
    expect(authz.authorize(developer, { ...attrs, namespace: "t-a" }).allowed).toBe(false);
    authz.stop();
    expect(api.subscriberCount()).toBe(0);
  });

  it("lists the rules that apply in a namespace, as kubectl auth can-i --list shows them", () => {
    const { authz } = setup();
    const inA = authz.rulesFor(viewer, "t-a");
    expect(inA.resourceRules).toContainEqual({ verbs: ["get", "list", "watch"], apiGroups: ["apps"], resources: expect.arrayContaining(["deployments"]) });
    expect(inA.nonResourceRules).toContainEqual(expect.objectContaining({ nonResourceURLs: expect.arrayContaining(["/version"]) }));
    const inB = authz.rulesFor(viewer, "t-b");
    expect(inB.resourceRules.some((r) => r.resources?.includes("deployments"))).toBe(false);
    expect(inB.incomplete).toBe(false);
  });

  it("explains a denial caused by a binding to a missing role", () => {
    const { authz, bind } = setup();
    bind("t-b", "ghost", "does-not-exist", { kind: "User", name: "ghost", apiGroup: "rbac.authorization.k8s.io" });
    const decision = authz.authorize({ username: "ghost", groups: [] }, { verb: "get", resource: "pods", apiGroup: "", namespace: "t-b", name: "p" });
    expect(decision).toEqual({ allowed: false, reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "does-not-exist" not found' });
  });

  it("answers from its index with thousands of tenant bindings", () => {
    const { api, authz, bind } = setup();
    // Load the index first so the bindings below arrive through watch events, as they do in a running cluster.
    authz.authorize(owner, { verb: "get", resource: "pods", apiGroup: "", namespace: "t-a" });
    for (let i = 0; i < 1000; i++) {
      const namespace = `t-${i}`;
      api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
      for (const [role, suffix] of [["admin", "owner"], ["admin", "admin"], ["edit", "developer"], ["view", "viewer"]]) {
        bind(namespace, `apiary-${suffix}`, role, { kind: "Group", name: `apiary:tenant:${i}:${suffix}`, apiGroup: "rbac.authorization.k8s.io" });
      }
    }
    const user: UserInfo = { username: "apiary:user:7", groups: ["apiary:tenant:777:developer"] };
    expect(authz.authorize(user, { verb: "create", resource: "deployments", apiGroup: "apps", namespace: "t-777" }).allowed).toBe(true);
    expect(authz.authorize(user, { verb: "create", resource: "deployments", apiGroup: "apps", namespace: "t-778" }).allowed).toBe(false);
  });
});
