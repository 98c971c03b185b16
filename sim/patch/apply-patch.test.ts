import { describe, expect, it } from "vitest";
import type { KObject } from "../core/types";
import { applyPatch } from "./apply-patch";

function deployment(): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", annotations: { "deployment.kubernetes.io/revision": "2" } },
    spec: {
      replicas: 1,
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.25", ports: [{ containerPort: 80 }] }] } },
    },
  };
}

describe("applyPatch", () => {
  it("pauses a rollout with kubectl's merge patch", () => {
    const patched = applyPatch("Deployment", deployment(), "merge", '{"spec":{"paused":true}}');
    expect(patched.spec.paused).toBe(true);
    expect(patched.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 80 }]);
  });

  it("keeps container ports under a strategic patch but drops them under a merge patch of the same body", () => {
    const body = { spec: { template: { spec: { containers: [{ name: "nginx", image: "nginx:1.26" }] } } } };
    expect(applyPatch("Deployment", deployment(), "strategic", body).spec.template.spec.containers[0].ports).toEqual([{ containerPort: 80 }]);
    expect(applyPatch("Deployment", deployment(), "merge", body).spec.template.spec.containers[0].ports).toBeUndefined();
  });

  it("applies rollout undo's JSON patch", () => {
    const template = { metadata: { creationTimestamp: null, labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.24" }] } };
    const patched = applyPatch("Deployment", deployment(), "json", [
      { op: "replace", path: "/spec/template", value: template },
      { op: "replace", path: "/metadata/annotations", value: { "deployment.kubernetes.io/revision": "1" } },
    ]);
    expect(patched.spec.template.spec.containers[0].image).toBe("nginx:1.24");
    expect(patched.metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "1" });
  });

  it("treats a server-side apply body (YAML or JSON) as a strategic merge of the applied config", () => {
    const yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 4\n  template:\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n";
    const patched = applyPatch("Deployment", deployment(), "apply", yaml);
    expect(patched.spec.replicas).toBe(4);
    expect(patched.spec.template.spec.containers[0]).toEqual({ name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 80 }] });
  });

  it("never mutates the original object", () => {
    const original = deployment();
    const snapshot = structuredClone(original);
    applyPatch("Deployment", original, "strategic", { metadata: { annotations: { "deployment.kubernetes.io/revision": null } }, spec: { replicas: 9 } });
    applyPatch("Deployment", original, "json", [{ op: "remove", path: "/spec/replicas" }]);
    expect(original).toEqual(snapshot);
  });

  it("answers malformed bodies with 400 BadRequest", () => {
    expect(() => applyPatch("Deployment", deployment(), "strategic", "{nope")).toThrow(expect.objectContaining({ code: 400, reason: "BadRequest" }));
    expect(() => applyPatch("Deployment", deployment(), "merge", "[1]")).toThrow(expect.objectContaining({ code: 400 }));
  });
});
