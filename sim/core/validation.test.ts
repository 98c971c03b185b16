import { describe, expect, it } from "vitest";
import { resourceInfo } from "./resources";
import { checkQuantities, invalidError, validateObject, validateUpdate } from "./validation";
import type { KObject } from "./types";

function deployment(overrides: Partial<KObject["spec"]> = {}, name = "web"): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx" }] } },
      ...overrides,
    },
  };
}

describe("validation", () => {
  const info = resourceInfo("deployments");

  it("reports a missing image with the real message and cause", () => {
    const d = deployment();
    delete d.spec.template.spec.containers[0].image;
    const err = invalidError(info, "web", validateObject(info, d));
    expect(err.code).toBe(422);
    expect(err.reason).toBe("Invalid");
    expect(err.message).toBe('Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value');
    expect(err.details).toEqual({
      name: "web",
      group: "apps",
      kind: "Deployment",
      causes: [{ reason: "FieldValueRequired", message: "Required value", field: "spec.template.spec.containers[0].image" }],
    });
  });

  it("lets a StatefulSet's containers mount its volumeClaimTemplates, and no one else's", () => {
    const mount = { volumeMounts: [{ name: "data", mountPath: "/data" }] };
    const set = deployment({ serviceName: "db", volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }] }, "db");
    set.kind = "StatefulSet";
    Object.assign(set.spec.template.spec.containers[0], mount);
    expect(validateObject(resourceInfo("statefulsets"), set)).toEqual([]);
    const d = deployment();
    Object.assign(d.spec.template.spec.containers[0], mount);
    expect(validateObject(info, d)).toEqual([{ type: "NotFound", field: "spec.template.spec.containers[0].volumeMounts[0].name", value: "data" }]);
  });

  it("lists several errors in brackets", () => {
    const d = deployment({ selector: { matchLabels: { app: "other" } } }, "Web");
    const err = invalidError(info, "Web", validateObject(info, d));
    expect(err.message).toMatch(/^Deployment\.apps "Web" is invalid: \[metadata\.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of/);
    expect(err.message).toContain('spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]');
  });

  it("refuses a change of a deployment's selector", () => {
    const old = deployment();
    const next = deployment({ selector: { matchLabels: { app: "web", v: "2" } }, template: { metadata: { labels: { app: "web", v: "2" } }, spec: { containers: [{ name: "nginx", image: "nginx" }] } } });
    const errs = validateUpdate(info, next, old);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ type: "Invalid", field: "spec.selector", detail: "field is immutable" });
  });

  it("allows only image changes on a pod", () => {
    const podInfo = resourceInfo("pods");
    const old: KObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "a", image: "x:1" }] } };
    expect(validateUpdate(podInfo, { ...old, spec: { containers: [{ name: "a", image: "x:2" }] } }, old)).toEqual([]);
    const errs = validateUpdate(podInfo, { ...old, spec: { containers: [{ name: "a", image: "x:1", command: ["sh"] }] } }, old);
    expect(errs[0].field).toBe("spec");
    expect(errs[0].detail).toMatch(/^pod updates may not change fields other than `spec.containers\[\*\].image`/);
  });

  it("answers a malformed quantity with the decoder's 400", () => {
    const d = deployment();
    d.spec.template.spec.containers[0].resources = { requests: { cpu: "lots" } };
    expect(() => checkQuantities(info, d)).toThrow(
      `Deployment in version "v1" cannot be handled as a Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  });

  it("names services by DNS-1035 label rules", () => {
    const svc: KObject = { apiVersion: "v1", kind: "Service", metadata: { name: "1web" }, spec: { type: "ClusterIP", ports: [{ port: 80, protocol: "TCP" }] } };
    const errs = validateObject(resourceInfo("services"), svc);
    expect(errs[0]).toMatchObject({ field: "metadata.name", detail: expect.stringContaining("a DNS-1035 label must consist of") });
  });

  it("keeps an immutable ConfigMap's data fixed", () => {
    const cmInfo = resourceInfo("configmaps");
    const old: KObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { a: "1" }, immutable: true };
    const errs = validateUpdate(cmInfo, { ...old, data: { a: "2" } }, old);
    expect(invalidError(cmInfo, "cfg", errs).message).toBe('ConfigMap "cfg" is invalid: data: Forbidden: field is immutable when `immutable` is set');
    expect(validateUpdate(cmInfo, { ...old, metadata: { name: "cfg", labels: { a: "b" } } }, old)).toEqual([]);
  });
});
