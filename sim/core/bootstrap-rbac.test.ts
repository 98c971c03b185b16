import { describe, expect, it } from "vitest";
import { bootstrapRbacObjects } from "./bootstrap-rbac";

const objects = bootstrapRbacObjects();
const role = (name: string) => objects.find((o) => o.kind === "ClusterRole" && o.metadata.name === name);
const grants = (name: string, resource: string, verb: string) =>
  (role(name)?.rules as { verbs: string[]; resources?: string[] }[]).some((r) => r.resources?.includes(resource) && r.verbs.includes(verb));

describe("bootstrapRbacObjects", () => {
  it("binds cluster-admin to system:masters as a fresh cluster does", () => {
    const binding = objects.find((o) => o.kind === "ClusterRoleBinding" && o.metadata.name === "cluster-admin");
    expect(binding?.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" });
    expect(binding?.subjects).toEqual([{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:masters" }]);
  });

  it("keeps secrets out of view and role management out of edit", () => {
    expect(grants("view", "pods", "list")).toBe(true);
    expect(grants("view", "secrets", "get")).toBe(false);
    expect(grants("edit", "secrets", "get")).toBe(true);
    expect(grants("edit", "rolebindings", "create")).toBe(false);
    expect(grants("admin", "rolebindings", "create")).toBe(true);
    expect(grants("edit", "deployments/scale", "patch")).toBe(true);
  });

  it("labels every object as a bootstrap default with unique names", () => {
    for (const obj of objects) expect(obj.metadata.labels?.["kubernetes.io/bootstrapping"]).toBe("rbac-defaults");
    const keys = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
