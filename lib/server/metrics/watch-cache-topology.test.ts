import { describe, expect, it } from "vitest";
import type { WatchCache } from "@/lib/server/kubernetes/watch-cache";
import { watchCacheTopology } from "./watch-cache-topology";

type Owner = { kind: string; name: string; controller?: boolean };
const object = (name: string, owners: Owner[] = []) => ({ metadata: { name, namespace: "t-acme", ownerReferences: owners } });

/** The watch cache's get, over objects the test replaces as the cache does on every change. */
function fakeCache() {
  const objects = new Map<string, unknown>();
  const cache = { get: (kind: string, namespace: string, name: string) => objects.get(`${kind}/${namespace}/${name}`) } as unknown as WatchCache;
  const put = (kind: string, o: ReturnType<typeof object>) => objects.set(`${kind}/${o.metadata.namespace}/${o.metadata.name}`, o);
  const drop = (kind: string, name: string) => objects.delete(`${kind}/t-acme/${name}`);
  return { cache, put, drop };
}

describe("watchCacheTopology", () => {
  it("maps pods to their Deployment through the ReplicaSet, or to their StatefulSet", () => {
    const { cache, put } = fakeCache();
    put("replicasets", object("web-7f9", [{ kind: "Deployment", name: "web", controller: true }]));
    put("pods", object("web-7f9-abcde", [{ kind: "ReplicaSet", name: "web-7f9", controller: true }]));
    put("pods", object("db-0", [{ kind: "StatefulSet", name: "db", controller: true }]));
    put("pods", object("bare"));
    const topology = watchCacheTopology(() => cache);
    expect(topology.workloadOf("t-acme", "web-7f9-abcde")).toEqual({ kind: "Deployment", name: "web" });
    expect(topology.workloadOf("t-acme", "db-0")).toEqual({ kind: "StatefulSet", name: "db" });
    expect(topology.workloadOf("t-acme", "bare")).toBeNull();
    expect(topology.workloadOf("t-acme", "gone")).toBeNull();
  });

  it("answers from the objects cached now: a pod or ReplicaSet that changed, appeared or left is read again", () => {
    const { cache, put, drop } = fakeCache();
    const topology = watchCacheTopology(() => cache);
    put("pods", object("web-7f9-abcde", [{ kind: "ReplicaSet", name: "web-7f9", controller: true }]));
    expect(topology.workloadOf("t-acme", "web-7f9-abcde")).toBeNull(); // its ReplicaSet is not cached yet
    put("replicasets", object("web-7f9", [{ kind: "Deployment", name: "web", controller: true }]));
    expect(topology.workloadOf("t-acme", "web-7f9-abcde")).toEqual({ kind: "Deployment", name: "web" });
    put("replicasets", object("web-7f9", [{ kind: "Deployment", name: "web-v2", controller: true }])); // adopted elsewhere
    expect(topology.workloadOf("t-acme", "web-7f9-abcde")).toEqual({ kind: "Deployment", name: "web-v2" });
    put("pods", object("web-7f9-abcde", [{ kind: "StatefulSet", name: "db", controller: true }]));
    expect(topology.workloadOf("t-acme", "web-7f9-abcde")).toEqual({ kind: "StatefulSet", name: "db" });
    drop("pods", "web-7f9-abcde");
    expect(topology.workloadOf("t-acme", "web-7f9-abcde")).toBeNull();
  });
});
