import { describe, expect, it } from "vitest";
import { applyJsonPatch } from "./json-patch";

describe("applyJsonPatch", () => {
  it("applies rollout undo's replace of /spec/template and /metadata/annotations", () => {
    const deployment = {
      metadata: { name: "web", annotations: { "deployment.kubernetes.io/revision": "3" } },
      spec: { replicas: 2, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.26" }] } } },
    };
    const template = { metadata: { creationTimestamp: null, labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.25" }] } };
    const patched = applyJsonPatch(deployment, [
      { op: "replace", path: "/spec/template", value: template },
      { op: "replace", path: "/metadata/annotations", value: { "deployment.kubernetes.io/revision": "3" } },
    ]);
    expect(patched.spec.template).toEqual(template);
    expect(patched.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.containers[0].image).toBe("nginx:1.26");
  });

  it("adds, appends with '-', inserts by index and removes list items", () => {
    const doc = { list: [1, 3] };
    const patched = applyJsonPatch(doc, [
      { op: "add", path: "/list/1", value: 2 },
      { op: "add", path: "/list/-", value: 4 },
      { op: "remove", path: "/list/0" },
    ]);
    expect(patched.list).toEqual([2, 3, 4]);
  });

  it("unescapes ~1 and ~0 in pointers, as annotation keys with slashes need", () => {
    const doc = { metadata: { annotations: { "a/b": "x", "c~d": "y" } } };
    const patched = applyJsonPatch(doc, [
      { op: "replace", path: "/metadata/annotations/a~1b", value: "z" },
      { op: "remove", path: "/metadata/annotations/c~0d" },
    ]);
    expect(patched.metadata.annotations).toEqual({ "a/b": "z" });
  });

  it("moves and copies values", () => {
    const patched = applyJsonPatch({ a: { x: 1 }, b: {} } as Record<string, unknown>, [
      { op: "copy", from: "/a/x", path: "/b/y" },
      { op: "move", from: "/a", path: "/c" },
    ]);
    expect(patched).toEqual({ b: { y: 1 }, c: { x: 1 } });
  });

  it("fails a test operation with 422 and applies nothing", () => {
    const doc = { spec: { replicas: 2 } };
    expect(() => applyJsonPatch(doc, [{ op: "replace", path: "/spec/replicas", value: 5 }, { op: "test", path: "/spec/replicas", value: 3 }])).toThrow(
      expect.objectContaining({ code: 422, reason: "Invalid" }),
    );
    expect(doc.spec.replicas).toBe(2);
    expect(applyJsonPatch(doc, [{ op: "test", path: "/spec", value: { replicas: 2 } }])).toEqual(doc);
  });

  it("refuses to replace a missing key with the server's message", () => {
    expect(() => applyJsonPatch({ spec: {} }, [{ op: "replace", path: "/spec/foo", value: 1 }])).toThrow(
      "jsonpatch replace operation does not apply: doc is missing key: /spec/foo",
    );
    expect(() => applyJsonPatch({ spec: {} }, [{ op: "remove", path: "/spec/foo" }])).toThrow(expect.objectContaining({ code: 422 }));
    expect(() => applyJsonPatch({ spec: {} }, [{ op: "add", path: "/spec/a/b", value: 1 }])).toThrow(expect.objectContaining({ code: 422 }));
  });

  it("rejects malformed patches with 400", () => {
    expect(() => applyJsonPatch({}, { op: "add" })).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => applyJsonPatch({}, [{ op: "frobnicate", path: "/a" }])).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => applyJsonPatch({}, [{ op: "add", path: "/a" }])).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => applyJsonPatch({}, "[not json")).toThrow(expect.objectContaining({ code: 400 }));
  });
});
