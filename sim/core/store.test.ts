import { describe, expect, it } from "vitest";
import { ObjectStore, type StoreChange } from "./store";
import { StatusError, type KObject } from "./types";

function pod(namespace: string, name: string, labels: Record<string, string> = {}): KObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace, labels }, spec: { containers: [] } };
}

describe("ObjectStore", () => {
  it("gives every write a higher resourceVersion than the last", () => {
    const store = new ObjectStore();
    const a = store.create("pods", pod("ns1", "a"));
    const b = store.create("pods", pod("ns1", "b"));
    const a2 = store.update("pods", { ...a, metadata: { ...a.metadata, labels: { x: "1" } } });
    const gone = store.remove("pods", "ns1", "b")!;
    const rvs = [a, b, a2, gone].map((o) => Number(o.metadata.resourceVersion));
    expect(rvs).toEqual([1, 2, 3, 4]);
    expect(store.currentResourceVersion()).toBe("4");
    expect(b.metadata.resourceVersion).toBe("2"); // the stored version keeps its own rv
  });

  it("lists one namespace without touching the others, sorted by name", () => {
    const store = new ObjectStore();
    for (const name of ["c", "a", "b"]) store.create("pods", pod("team-a", name));
    store.create("pods", pod("team-b", "z"));
    expect(store.list("pods", "team-a").map((o) => o.metadata.name)).toEqual(["a", "b", "c"]);
    expect(store.list("pods").map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(["team-a/a", "team-a/b", "team-a/c", "team-b/z"]);
    expect(store.count("pods", "team-b")).toBe(1);
    expect(store.list("pods", "nobody")).toEqual([]);
  });

  it("replays exactly the changes after a resourceVersion", () => {
    const store = new ObjectStore();
    store.create("pods", pod("ns", "a"));
    const mark = Number(store.currentResourceVersion());
    const b = store.create("pods", pod("ns", "b"));
    store.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "s", namespace: "ns" } });
    store.update("pods", { ...b, metadata: { ...b.metadata, labels: { v: "2" } } });
    store.remove("pods", "ns", "a");
    const replay = store.changesSince("pods", mark).map((c) => `${c.type} ${c.object.metadata.name} ${c.rv}`);
    expect(replay).toEqual(["ADDED b 2", "MODIFIED b 4", "DELETED a 5"]);
  });

  it("answers 410 Expired for a resume older than the retained history", () => {
    const store = new ObjectStore({ historyLimit: 3 });
    for (let i = 0; i < 5; i++) store.create("pods", pod("ns", `p${i}`));
    // rv 1 and 2 were evicted: resuming after 2 still works (3, 4, 5 are kept), after 1 does not.
    expect(store.changesSince("pods", 2).map((c) => c.rv)).toEqual([3, 4, 5]);
    const err = (() => {
      try {
        store.changesSince("pods", 1);
      } catch (e) {
        return e as StatusError;
      }
    })();
    expect(err).toBeInstanceOf(StatusError);
    expect(err!.code).toBe(410);
    expect(err!.reason).toBe("Expired");
    expect(err!.message).toMatch(/^too old resource version: 1 \(\d+\)$/);
  });

  it("expires every older resume after compact()", () => {
    const store = new ObjectStore();
    store.create("pods", pod("ns", "a"));
    store.create("pods", pod("ns", "b"));
    store.compact();
    expect(() => store.changesSince("pods", 1)).toThrow(/too old resource version/);
    expect(() => store.changesSince("deployments", 0)).toThrow(/too old resource version/);
    expect(store.changesSince("pods", 2)).toEqual([]);
    store.create("pods", pod("ns", "c"));
    expect(store.changesSince("pods", 2).map((c) => c.object.metadata.name)).toEqual(["c"]);
  });

  it("delivers changes made by a listener after the change that triggered them", () => {
    const store = new ObjectStore();
    const seen: number[] = [];
    store.onChange((c: StoreChange) => {
      if (c.object.metadata.name === "a" && c.type === "ADDED") store.create("pods", pod("ns", "reaction"));
    });
    store.onChange((c) => seen.push(c.rv));
    store.create("pods", pod("ns", "a"));
    expect(seen).toEqual([1, 2]);
  });

  it("snapshots the stored objects themselves, which later writes replace rather than change", () => {
    const store = new ObjectStore();
    const first = store.create("pods", pod("ns", "a"));
    const snap = store.snapshot();
    expect(snap.objects).toContain(first);
    store.update("pods", { ...first, metadata: { ...first.metadata }, spec: { nodeName: "node-1" } });
    expect(snap.objects[0].spec?.nodeName).toBeUndefined();
    expect(snap.resourceVersion).toBe("1");
  });

  it("lists every namespace's objects of a resource for a sweep", () => {
    const store = new ObjectStore();
    store.create("pods", pod("b", "x"));
    store.create("pods", pod("a", "y"));
    store.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "a" } });
    expect(store.unorderedList("pods").map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort()).toEqual(["a/y", "b/x"]);
    expect(store.unorderedList("secrets")).toEqual([]);
  });

  it("restores a snapshot with its objects and resourceVersion", () => {
    const store = new ObjectStore();
    store.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns" } });
    store.create("deployments", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "ns" } });
    const snap = store.snapshot();
    const restored = new ObjectStore();
    restored.load(snap);
    expect(restored.currentResourceVersion()).toBe("2");
    expect(restored.get("deployments", "ns", "web")?.metadata.resourceVersion).toBe("2");
    expect(restored.get("namespaces", undefined, "ns")).toBeDefined();
    expect(() => restored.changesSince("deployments", 1)).toThrow(/too old/);
    expect(restored.create("pods", pod("ns", "p")).metadata.resourceVersion).toBe("3");
  });
});
