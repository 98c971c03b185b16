import { describe, expect, it } from "vitest";
import { OwnerIndex, type OwnedObject } from "./owner-index";

const pod = (name: string, namespace: string, ...owners: string[]): OwnedObject & { name: string } => ({
  name,
  metadata: { namespace, ownerReferences: owners.map((uid) => ({ uid })) },
});

describe("OwnerIndex", () => {
  it("follows adoption and orphaning as an object's ownerReferences change", () => {
    const index = new OwnerIndex<ReturnType<typeof pod>>();
    const a1 = pod("a", "t-x", "rs-1");
    index.update("t-x/a", undefined, a1);
    index.update("t-x/b", undefined, pod("b", "t-x", "rs-1"));
    expect(index.list("t-x", "rs-1").map((p) => p.name)).toEqual(["a", "b"]);

    const a2 = pod("a", "t-x", "rs-2");
    index.update("t-x/a", a1, a2);
    expect(index.list("t-x", "rs-1").map((p) => p.name)).toEqual(["b"]);
    expect(index.list("t-x", "rs-2")).toEqual([a2]);

    index.update("t-x/a", a2, pod("a", "t-x"));
    expect(index.list("t-x", "rs-2")).toEqual([]);
    index.update("t-x/b", pod("b", "t-x", "rs-1"), undefined);
    expect(index.list("t-x", "rs-1")).toEqual([]);
  });

  it("returns the newest state of an object whose owner stayed the same", () => {
    const index = new OwnerIndex<ReturnType<typeof pod>>();
    const before = pod("a", "t-x", "rs-1");
    const after = pod("a", "t-x", "rs-1");
    index.update("t-x/a", undefined, before);
    index.update("t-x/a", before, after);
    expect(index.list("t-x", "rs-1")[0]).toBe(after);
  });

  it("never answers for another namespace", () => {
    const index = new OwnerIndex<ReturnType<typeof pod>>();
    index.update("t-x/a", undefined, pod("a", "t-x", "rs-1"));
    expect(index.list("t-y", "rs-1")).toEqual([]);
  });
});
