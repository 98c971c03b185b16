import { describe, expect, it } from "vitest";
import { applyMergePatch } from "./merge-patch";

describe("applyMergePatch", () => {
  it("merges maps, deletes keys given null and replaces lists (RFC 7386)", () => {
    const target = { metadata: { labels: { a: "1", b: "2" } }, spec: { containers: [{ name: "x", image: "a" }], paused: true } };
    const patched = applyMergePatch(target, {
      metadata: { labels: { b: null, c: "3" } },
      spec: { containers: [{ name: "x", image: "b" }], paused: null },
    });
    expect(patched).toEqual({ metadata: { labels: { a: "1", c: "3" } }, spec: { containers: [{ name: "x", image: "b" }] } });
    expect(target.metadata.labels).toEqual({ a: "1", b: "2" });
  });

  it("scales through the Scale subresource body kubectl scale sends", () => {
    expect(applyMergePatch({ spec: { replicas: 1 }, status: { replicas: 1 } }, { spec: { replicas: 3 } })).toEqual({
      spec: { replicas: 3 },
      status: { replicas: 1 },
    });
  });
});
