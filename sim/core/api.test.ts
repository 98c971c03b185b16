import { describe, expect, it } from "vitest";
import { createClusterApi, toScale } from "./api";
import { StatusError, type Clock, type KObject, type ServedClusterApi, type WatchEvent } from "./types";

/** A clock that only moves when the test says so. */
function manualClock(start = Date.parse("2026-01-01T00:00:00Z")) {
  let now = start;
  const timers: { at: number; every?: number; fn: () => void; cancelled: boolean }[] = [];
  const clock: Clock & { advance(ms: number): void } = {
    now: () => now,
    setTimeout(fn, ms) {
      const t = { at: now + ms, fn, cancelled: false };
      timers.push(t);
      return { cancel: () => void (t.cancelled = true) };
    },
    setInterval(fn, ms) {
      const t = { at: now + ms, every: ms, fn, cancelled: false };
      timers.push(t);
      return { cancel: () => void (t.cancelled = true) };
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        now = due.at;
        if (due.every) due.at += due.every;
        else due.cancelled = true;
        due.fn();
      }
      now = end;
    },
  };
  return clock;
}

function setup() {
  const clock = manualClock();
  const api = createClusterApi({ clock });
  api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } });
  return { api, clock };
}

function deployment(name = "web", labels = { app: "web" }): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "shop" },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } },
    },
  };
}

function pod(name: string, extra: Partial<KObject> = {}, labels: Record<string, string> = {}): KObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "shop", labels }, spec: { containers: [{ name: "app", image: "nginx:1.27" }] }, ...extra };
}

function caught(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error("expected a StatusError");
}

function bindPod(api: ServedClusterApi, name: string, node = "node-1") {
  api.create("pods", { apiVersion: "v1", kind: "Binding", metadata: { name, namespace: "shop" }, target: { apiVersion: "v1", kind: "Node", name: node } }, { subresource: "binding" });
}

describe("create", () => {
  it("fills metadata, defaults and status like kube-apiserver", () => {
    const { api } = setup();
    const d = api.create("deployments", deployment());
    expect(d.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(d.metadata.creationTimestamp).toBe("2026-01-01T00:00:00Z");
    expect(d.metadata.generation).toBe(1);
    expect(d.spec.strategy.type).toBe("RollingUpdate");
    expect(d.status).toEqual({});
    expect(api.get("deployments", "shop", "web")).toBe(d);
  });

  it("generates a name from generateName with five random characters", () => {
    const { api } = setup();
    const p = api.create("pods", { ...pod(""), metadata: { generateName: "web-7d9c-", namespace: "shop" } });
    expect(p.metadata.name).toMatch(/^web-7d9c-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.status).toEqual({ phase: "Pending", qosClass: "BestEffort" });
  });

  it("refuses a duplicate with 409 AlreadyExists", () => {
    const { api } = setup();
    api.create("deployments", deployment());
    const err = caught(() => api.create("deployments", deployment()));
    expect([err.code, err.reason, err.message]).toEqual([409, "AlreadyExists", 'deployments.apps "web" already exists']);
  });

  it("refuses an invalid deployment with 422 and the field path", () => {
    const { api } = setup();
    const d = deployment();
    d.spec.template.spec.containers[0].image = "";
    const err = caught(() => api.create("deployments", d));
    expect(err.code).toBe(422);
    expect(err.message).toBe('Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value');
  });

  it("refuses objects in a missing or terminating namespace", () => {
    const { api } = setup();
    const missing = caught(() => api.create("pods", { ...pod("p"), metadata: { name: "p", namespace: "nowhere" } }));
    expect([missing.code, missing.message]).toEqual([404, 'namespaces "nowhere" not found']);
    api.create("pods", pod("keep"));
    api.delete("namespaces", undefined, "shop");
    expect(api.get("namespaces", undefined, "shop")?.status.phase).toBe("Terminating");
    const terminating = caught(() => api.create("pods", pod("late")));
    expect([terminating.code, terminating.message]).toEqual([403, 'pods "late" is forbidden: unable to create new content in namespace shop because it is being terminated']);
  });

  it("starts with the system namespaces, the kubernetes service and a root CA in each namespace", () => {
    const { api } = setup();
    expect(api.get("configmaps", "shop", "kube-root-ca.crt")?.data["ca.crt"]).toContain("BEGIN CERTIFICATE");
    expect(api.get("namespaces", undefined, "default")).toBeDefined();
    expect(api.get("services", "default", "kubernetes")?.spec.clusterIP).toBe("10.96.0.1");
  });

  it("drops managedFields and never stores them", () => {
    const { api } = setup();
    const p = api.create("pods", { ...pod("p"), metadata: { name: "p", namespace: "shop", managedFields: [{ manager: "kubectl" }] } });
    expect(p.metadata.managedFields).toBeUndefined();
  });
});

describe("update", () => {
  it("moves resourceVersion forward and rejects a stale one with 409 Conflict", () => {
    const { api } = setup();
    const v1 = api.create("deployments", deployment());
    const v2 = api.update("deployments", { ...v1, spec: { ...v1.spec, replicas: 5 } });
    expect(Number(v2.metadata.resourceVersion)).toBeGreaterThan(Number(v1.metadata.resourceVersion));
    expect(v2.metadata.generation).toBe(2);
    const err = caught(() => api.update("deployments", { ...v1, spec: { ...v1.spec, replicas: 7 } }));
    expect(err.code).toBe(409);
    expect(err.reason).toBe("Conflict");
    expect(err.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it("bumps generation only for spec changes and ignores status from the main resource", () => {
    const { api } = setup();
    const d = api.create("deployments", deployment());
    const labelled = api.update("deployments", { ...d, metadata: { ...d.metadata, labels: { team: "a" } }, status: { replicas: 99 } });
    expect(labelled.metadata.generation).toBe(1);
    expect(labelled.status).toEqual({});
    const withStatus = api.update("deployments", { ...labelled, status: { replicas: 2, observedGeneration: 1 } }, { subresource: "status" });
    expect(withStatus.status).toEqual({ replicas: 2, observedGeneration: 1 });
    expect(withStatus.metadata.generation).toBe(1);
  });

  it("commits nothing for an update that changes nothing", () => {
    const { api } = setup();
    const d = api.create("deployments", deployment());
    const rv = api.currentResourceVersion();
    expect(api.update("deployments", d)).toBe(d);
    expect(api.currentResourceVersion()).toBe(rv);
  });

  it("reads and writes replicas through the scale subresource", () => {
    const { api } = setup();
    const d = api.create("deployments", deployment());
    expect(toScale(d)).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 2 }, status: { replicas: 0, selector: "app=web" } });
    const scaled = api.patch("deployments", "shop", "web", "merge", { spec: { replicas: 4 } }, { subresource: "scale" });
    expect(scaled.kind).toBe("Scale");
    expect(scaled.spec.replicas).toBe(4);
    expect(api.get("deployments", "shop", "web")?.spec.replicas).toBe(4);
    const stale = caught(() => api.update("deployments", { ...toScale(d), spec: { replicas: 1 } }, { subresource: "scale" }));
    expect(stale.code).toBe(409);
  });

  it("applies a strategic merge patch without dropping container fields", () => {
    const { api } = setup();
    const d = deployment();
    d.spec.template.spec.containers[0].ports = [{ containerPort: 80 }];
    api.create("deployments", d);
    const patched = api.patch("deployments", "shop", "web", "strategic", {
      spec: { template: { spec: { containers: [{ name: "nginx", image: "nginx:1.28" }] } } },
    });
    expect(patched.spec.template.spec.containers[0]).toMatchObject({ image: "nginx:1.28", ports: [{ containerPort: 80, protocol: "TCP" }] });
    expect(patched.metadata.generation).toBe(2);
  });

  it("refuses to change a deployment's selector", () => {
    const { api } = setup();
    api.create("deployments", deployment());
    const err = caught(() =>
      api.patch("deployments", "shop", "web", "merge", { spec: { selector: { matchLabels: { app: "x" } }, template: { metadata: { labels: { app: "x" } } } } }),
    );
    expect(err.code).toBe(422);
    expect(err.message).toContain("spec.selector: Invalid value:");
    expect(err.message).toContain("field is immutable");
  });
});

describe("delete", () => {
  it("leaves a bound pod terminating until the kubelet deletes it with grace 0", () => {
    const { api, clock } = setup();
    api.create("pods", pod("web"));
    bindPod(api, "web");
    const terminating = api.delete("pods", "shop", "web");
    expect(terminating?.metadata.deletionTimestamp).toBe(new Date(clock.now() + 30_000).toISOString().replace(/\.\d{3}Z$/, "Z"));
    expect(terminating?.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(api.get("pods", "shop", "web")).toBeDefined();
    expect(api.delete("pods", "shop", "web", { gracePeriodSeconds: 0 })).toBeUndefined();
    expect(api.get("pods", "shop", "web")).toBeUndefined();
  });

  it("removes an unscheduled pod at once", () => {
    const { api } = setup();
    api.create("pods", pod("pending"));
    expect(api.delete("pods", "shop", "pending")).toBeUndefined();
    expect(api.get("pods", "shop", "pending")).toBeUndefined();
  });

  it("adds the foregroundDeletion finalizer and removes the object when finalizers empty", () => {
    const { api } = setup();
    api.create("deployments", deployment());
    const deleting = api.delete("deployments", "shop", "web", { propagationPolicy: "Foreground" });
    expect(deleting?.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect(deleting?.metadata.deletionTimestamp).toBeDefined();
    const current = api.getOrThrow("deployments", "shop", "web");
    api.update("deployments", { ...current, metadata: { ...current.metadata, finalizers: [] } });
    expect(api.get("deployments", "shop", "web")).toBeUndefined();
  });

  it("checks preconditions", () => {
    const { api } = setup();
    api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "shop" } });
    const err = caught(() => api.delete("configmaps", "shop", "c", { preconditions: { uid: "nope" } }));
    expect(err.code).toBe(409);
    expect(err.message).toMatch(/^Operation cannot be fulfilled on configmaps "c": Precondition failed: UID in precondition: nope, UID in object meta: /);
  });

  it("finishes a namespace deletion when the namespace controller finalizes it", () => {
    const { api } = setup();
    api.delete("namespaces", undefined, "shop");
    const ns = api.getOrThrow("namespaces", undefined, "shop");
    api.update("namespaces", { ...ns, spec: { finalizers: [] } }, { subresource: "finalize" });
    expect(api.get("namespaces", undefined, "shop")).toBeUndefined();
    expect(caught(() => api.delete("namespaces", undefined, "default")).message).toBe('namespaces "default" is forbidden: this namespace may not be deleted');
  });
});

describe("watch and list", () => {
  it("resumes from a resourceVersion with exactly the missed events", () => {
    const { api } = setup();
    api.create("pods", pod("a"));
    const mark = api.currentResourceVersion();
    api.create("pods", pod("b"));
    api.patch("pods", "shop", "a", "merge", { metadata: { labels: { x: "1" } } });
    api.delete("pods", "shop", "b");
    const events: string[] = [];
    api.watch("pods", { namespace: "shop", resourceVersion: mark }, (e) => events.push(`${e.type} ${e.object.metadata.name}`));
    expect(events).toEqual(["ADDED b", "MODIFIED a", "DELETED b"]);
    api.create("pods", pod("c"));
    expect(events.at(-1)).toBe("ADDED c");
  });

  it("answers a resume from before compaction with a 410 Expired event", () => {
    const { api } = setup();
    api.create("pods", pod("a"));
    const old = api.currentResourceVersion();
    api.create("pods", pod("b"));
    api.compact();
    const events: WatchEvent[] = [];
    api.watch("pods", { resourceVersion: String(Number(old) - 1) }, (e) => events.push(e));
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe("ERROR");
    expect(events[0].object).toMatchObject({ kind: "Status", code: 410, reason: "Expired" });
    api.create("pods", pod("c"));
    expect(events).toHaveLength(1);
  });

  it("sends DELETED when an object leaves the selector and ADDED when it enters", () => {
    const { api } = setup();
    api.create("pods", pod("p", {}, { tier: "front" }));
    const events: string[] = [];
    api.watch("pods", { namespace: "shop", labelSelector: "tier=front" }, (e) => events.push(`${e.type} ${e.object.metadata.labels?.tier}`));
    api.patch("pods", "shop", "p", "merge", { metadata: { labels: { tier: "back" } } });
    api.patch("pods", "shop", "p", "merge", { metadata: { labels: { note: "x" } } }); // still outside: nothing
    api.patch("pods", "shop", "p", "merge", { metadata: { labels: { tier: "front" } } });
    api.patch("pods", "shop", "p", "merge", { metadata: { labels: { note: "y" } } });
    expect(events).toEqual(["DELETED back", "ADDED front", "MODIFIED front"]);
  });

  it("sends bookmarks and the initial-events-end marker", () => {
    const { api, clock } = setup();
    api.create("pods", pod("a"));
    const events: WatchEvent[] = [];
    const handle = api.watch("pods", { namespace: "shop", sendInitialEvents: true, allowWatchBookmarks: true }, (e) => events.push(e));
    expect(events.map((e) => e.type)).toEqual(["ADDED", "BOOKMARK"]);
    expect(events[1].object.metadata.annotations).toEqual({ "k8s.io/initial-events-end": "true" });
    clock.advance(60_000);
    expect(events.at(-1)).toMatchObject({ type: "BOOKMARK", object: { kind: "Pod", apiVersion: "v1", metadata: { resourceVersion: api.currentResourceVersion() } } });
    handle.stop();
    clock.advance(120_000);
    expect(events).toHaveLength(3);
  });

  it("ends watches on dropAllWatches and tells the HTTP layer", () => {
    const { api } = setup();
    const events: WatchEvent[] = [];
    let dropped = 0;
    api.onDropWatches(() => dropped++);
    api.watch("pods", {}, (e) => events.push(e));
    api.dropAllWatches();
    api.create("pods", pod("a"));
    expect(events).toEqual([]);
    expect(dropped).toBe(1);
  });

  it("pages with limit/continue covering every object exactly once, even while objects change", () => {
    const { api } = setup();
    for (let i = 0; i < 25; i++) api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${String(i).padStart(2, "0")}`, namespace: "shop" } });
    const seen: string[] = [];
    let page = api.listPage("configmaps", { namespace: "shop", limit: 10 });
    const pinned = page.resourceVersion;
    expect(page.remainingItemCount).toBe(16); // 26 including kube-root-ca.crt
    seen.push(...page.items.map((o) => o.metadata.name!));
    // Changes after the first page do not show up in later pages of the same list.
    api.delete("configmaps", "shop", "cm-20");
    api.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm-99", namespace: "shop" } });
    while (page.continue) {
      page = api.listPage("configmaps", { namespace: "shop", limit: 10, continue: page.continue });
      expect(page.resourceVersion).toBe(pinned);
      seen.push(...page.items.map((o) => o.metadata.name!));
    }
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
    expect(seen).toContain("cm-20");
    expect(seen).not.toContain("cm-99");
    expect(seen).toEqual([...seen].sort());
  });

  it("filters lists by label and field selectors", () => {
    const { api } = setup();
    api.create("pods", pod("a", {}, { app: "web" }));
    api.create("pods", pod("b", {}, { app: "db" }));
    bindPod(api, "b", "node-2");
    expect(api.list("pods", { namespace: "shop", labelSelector: "app in (web,db),app!=db" }).map((p) => p.metadata.name)).toEqual(["a"]);
    expect(api.list("pods", { fieldSelector: "spec.nodeName=node-2" }).map((p) => p.metadata.name)).toEqual(["b"]);
    api.delete("pods", "shop", "b", { gracePeriodSeconds: 0 });
    expect(api.list("pods", { fieldSelector: "spec.nodeName=node-2" })).toEqual([]);
    expect(api.list("pods", { fieldSelector: "spec.nodeName=" }).map((p) => p.metadata.name)).toEqual(["a"]);
    expect(caught(() => api.list("pods", { labelSelector: "app in web" })).code).toBe(400);
  });
});

describe("admission through the API", () => {
  it("keeps quota usage in status.used and refuses pods beyond it", () => {
    const { api } = setup();
    api.create("resourcequotas", { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "compute", namespace: "shop" }, spec: { hard: { "requests.cpu": "1", pods: "5" } } });
    const withCpu = (name: string, cpu: string) => pod(name, { spec: { containers: [{ name: "app", image: "nginx:1.27", resources: { requests: { cpu } } }] } });
    api.create("pods", withCpu("a", "600m"));
    expect(api.getOrThrow("resourcequotas", "shop", "compute").status).toEqual({ hard: { "requests.cpu": "1", pods: "5" }, used: { "requests.cpu": "600m", pods: "1" } });
    const err = caught(() => api.create("pods", withCpu("b", "500m")));
    expect([err.code, err.message]).toEqual([403, 'pods "b" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1']);
    api.patch("pods", "shop", "a", "merge", { status: { phase: "Succeeded" } }, { subresource: "status" });
    expect(api.getOrThrow("resourcequotas", "shop", "compute").status.used).toEqual({ "requests.cpu": "0", pods: "0" });
    api.create("pods", withCpu("b", "500m"));
  });

  it("counts any resource named in a count/ quota", () => {
    const { api } = setup();
    api.create("resourcequotas", { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "objects", namespace: "shop" }, spec: { hard: { "count/deployments.apps": "1" } } });
    api.create("deployments", deployment("one"));
    expect(api.getOrThrow("resourcequotas", "shop", "objects").status.used).toEqual({ "count/deployments.apps": "1" });
    expect(caught(() => api.create("deployments", deployment("two"))).message).toBe(
      'deployments.apps "two" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1',
    );
    api.delete("deployments", "shop", "one");
    expect(api.getOrThrow("resourcequotas", "shop", "objects").status.used).toEqual({ "count/deployments.apps": "0" });
  });

  it("applies LimitRange defaults to new pods", () => {
    const { api } = setup();
    api.create("limitranges", { apiVersion: "v1", kind: "LimitRange", metadata: { name: "defaults", namespace: "shop" }, spec: { limits: [{ type: "Container", default: { memory: "256Mi" } }] } });
    const p = api.create("pods", pod("p"));
    expect(p.spec.containers[0].resources).toEqual({ limits: { memory: "256Mi" }, requests: { memory: "256Mi" } });
    expect(p.status.qosClass).toBe("Burstable");
  });

  it("refuses a pod that breaks the namespace's restricted Pod Security level but admits the deployment", () => {
    const { api } = setup();
    api.patch("namespaces", undefined, "shop", "merge", { metadata: { labels: { "pod-security.kubernetes.io/enforce": "restricted" } } });
    expect(() => api.create("deployments", deployment())).not.toThrow();
    const err = caught(() => api.create("pods", { ...pod(""), metadata: { generateName: "web-", namespace: "shop" } }));
    expect(err.code).toBe(403);
    expect(err.message).toMatch(/^pods "web-[a-z0-9]{5}" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false \(container "app" must set/);
  });
});

describe("persistent volume claims", () => {
  it("binds a new claim to a volume made for it and removes the volume with the claim", () => {
    const { api } = setup();
    api.create("persistentvolumeclaims", {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "data", namespace: "shop" },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "5Gi" } } },
    });
    const pvc = api.getOrThrow("persistentvolumeclaims", "shop", "data");
    expect(pvc.status).toEqual({ phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: "5Gi" } });
    expect(pvc.spec).toMatchObject({ storageClassName: "standard", volumeMode: "Filesystem", volumeName: `pvc-${pvc.metadata.uid}` });
    const pv = api.getOrThrow("persistentvolumes", undefined, pvc.spec.volumeName);
    expect(pv.spec).toMatchObject({ capacity: { storage: "5Gi" }, claimRef: { name: "data", namespace: "shop", uid: pvc.metadata.uid } });
    expect(api.delete("persistentvolumeclaims", "shop", "data")).toBeUndefined();
    expect(api.get("persistentvolumes", undefined, pvc.spec.volumeName)).toBeUndefined();
  });
});

describe("recordEvent", () => {
  it("aggregates identical events into one with a count", () => {
    const { api, clock } = setup();
    const d = api.create("deployments", deployment());
    api.recordEvent(d, "Normal", "ScalingReplicaSet", "Scaled up replica set web-abc to 2", "deployment-controller");
    clock.advance(5_000);
    api.recordEvent(d, "Normal", "ScalingReplicaSet", "Scaled up replica set web-abc to 2", "deployment-controller");
    api.recordEvent(d, "Normal", "ScalingReplicaSet", "Scaled down replica set web-abc to 1", "deployment-controller");
    const events = api.list("events", { namespace: "shop", fieldSelector: "involvedObject.name=web,involvedObject.kind=Deployment" });
    expect(events).toHaveLength(2);
    const up = events.find((e) => e.message.includes("up"))!;
    expect(up.metadata.name).toMatch(/^web\.[0-9a-f]{16,}$/);
    expect(up).toMatchObject({
      count: 2,
      firstTimestamp: "2026-01-01T00:00:00Z",
      lastTimestamp: "2026-01-01T00:00:05Z",
      type: "Normal",
      source: { component: "deployment-controller" },
      reportingComponent: "deployment-controller",
      involvedObject: { kind: "Deployment", namespace: "shop", name: "web", uid: d.metadata.uid, apiVersion: "apps/v1" },
    });
  });

  it("expires events an hour after they last happened", () => {
    const { api, clock } = setup();
    const d = api.create("deployments", deployment());
    api.recordEvent(d, "Normal", "Old", "long ago", "deployment-controller");
    clock.advance(50 * 60_000);
    api.recordEvent(d, "Normal", "Recent", "just now", "deployment-controller");
    clock.advance(20 * 60_000);
    expect(api.list("events", { namespace: "shop" }).map((e) => e.reason)).toEqual(["Recent"]);
  });

  it("files events about cluster-scoped objects in default", () => {
    const { api } = setup();
    const node = api.create("nodes", { apiVersion: "v1", kind: "Node", metadata: { name: "node-1" } });
    api.recordEvent(node, "Normal", "NodeReady", "Node node-1 status is now: NodeReady", "kubelet");
    expect(api.list("events", { namespace: "default" }).map((e) => e.reason)).toEqual(["NodeReady"]);
  });
});

describe("subscribe and snapshot", () => {
  it("tells subscribers synchronously with the previous object", () => {
    const { api } = setup();
    const seen: string[] = [];
    api.subscribe("deployments", (e) => seen.push(`${e.type} ${e.old?.spec.replicas ?? "-"}→${e.object.spec.replicas}`));
    api.create("deployments", deployment());
    api.patch("deployments", "shop", "web", "merge", { spec: { replicas: 3 } });
    expect(seen).toEqual(["ADDED -→2", "MODIFIED 2→3"]);
  });

  it("starts again from a snapshot", () => {
    const { api, clock } = setup();
    api.create("deployments", deployment());
    const snap = api.snapshot();
    const restored = createClusterApi({ clock, initial: snap });
    expect(restored.currentResourceVersion()).toBe(snap.resourceVersion);
    expect(restored.get("deployments", "shop", "web")?.spec.replicas).toBe(2);
    expect(restored.create("pods", pod("x")).metadata.resourceVersion).toBe(String(Number(snap.resourceVersion) + 1));
  });
});
