import { afterEach, describe, expect, it } from "vitest";
import { StatusError, type KObject } from "../core/types";
import { startDeploymentController, resolveFenceposts, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION } from "./deployment-controller";
import { FakeClusterApi, startFakeKubelet, type FakeKubeletOptions } from "./fake-cluster-api";
import { POD_TEMPLATE_HASH_LABEL, isPodReady } from "./pod-template";
import { startReplicaSetController } from "./replicaset-controller";

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

function cluster(kubelet: FakeKubeletOptions = {}) {
  const api = new FakeClusterApi();
  const rsc = startReplicaSetController(api);
  const dc = startDeploymentController(api);
  const k = startFakeKubelet(api, { readyAfterMs: 1000, ...kubelet });
  stops.push(() => rsc.stop(), () => dc.stop(), () => k.stop());
  return api;
}

function deployment(name: string, replicas: number, spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default", annotations: { "kubernetes.io/change-cause": "first" } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image: "nginx:1.25", ports: [{ containerPort: 80, protocol: "TCP" }] }] },
      },
      ...spec,
    },
  };
}

function get(api: FakeClusterApi, name: string): KObject {
  return api.getOrThrow("deployments", "default", name);
}

function setImage(api: FakeClusterApi, name: string, image: string): void {
  api.edit("deployments", "default", name, (d) => (d.spec.template.spec.containers[0].image = image));
}

/** A private copy to change and write back (what the API returns is read-only). */
function copy(api: FakeClusterApi, name: string): KObject {
  return structuredClone(get(api, name));
}

function replicaSets(api: FakeClusterApi, name: string): KObject[] {
  const d = get(api, name);
  return api.list("replicasets", { namespace: "default" }).filter((rs) => rs.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);
}

function newest(api: FakeClusterApi, name: string): KObject {
  return replicaSets(api, name).sort((a, b) => Number(b.metadata.annotations?.[REVISION_ANNOTATION]) - Number(a.metadata.annotations?.[REVISION_ANNOTATION]))[0];
}

function condition(d: KObject, type: string): any {
  return d.status?.conditions?.find((c: any) => c.type === type);
}

function livePods(api: FakeClusterApi, app: string): KObject[] {
  return api.list("pods", { namespace: "default", labelSelector: `app=${app}` }).filter((p) => !p.metadata.deletionTimestamp);
}

describe("deployment controller", () => {
  it("creates a ReplicaSet named after the template hash with owner, selector and revision annotations", () => {
    const api = cluster();
    api.create("deployments", deployment("web", 3));
    api.clock.advance(5000);
    const [rs] = replicaSets(api, "web");
    const hash = rs.metadata.labels?.[POD_TEMPLATE_HASH_LABEL];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec.selector.matchLabels).toEqual({ app: "web", [POD_TEMPLATE_HASH_LABEL]: hash });
    expect(rs.spec.template.metadata.labels[POD_TEMPLATE_HASH_LABEL]).toBe(hash);
    expect(rs.metadata.ownerReferences).toEqual([
      { apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: get(api, "web").metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(rs.metadata.annotations).toMatchObject({
      [REVISION_ANNOTATION]: "1",
      "deployment.kubernetes.io/desired-replicas": "3",
      "deployment.kubernetes.io/max-replicas": "4",
      "kubernetes.io/change-cause": "first",
    });
    const d = get(api, "web");
    expect(d.metadata.annotations?.[REVISION_ANNOTATION]).toBe("1");
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status.unavailableReplicas).toBeUndefined();
    expect(condition(d, "Available")).toMatchObject({ status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." });
    expect(condition(d, "Progressing")).toMatchObject({ status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.` });
    expect(api.events.filter((e) => e.reason === "ScalingReplicaSet").map((e) => e.message)).toEqual([`Scaled up replica set ${rs.metadata.name} to 3`]);
  });

  it("rolls 4 replicas with maxSurge 1 / maxUnavailable 0 one pod at a time without losing availability", () => {
    const api = cluster();
    api.create("deployments", deployment("web", 4, { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
    api.clock.advance(5000);
    expect(livePods(api, "web").filter(isPodReady)).toHaveLength(4);

    let minReady = Infinity;
    let maxPods = 0;
    const states = new Set<string>();
    api.subscribe("pods", () => {
      const live = livePods(api, "web");
      minReady = Math.min(minReady, live.filter(isPodReady).length);
      maxPods = Math.max(maxPods, live.length);
    });
    api.subscribe("replicasets", () => {
      const rss = replicaSets(api, "web").sort((a, b) => Number(a.metadata.annotations?.[REVISION_ANNOTATION]) - Number(b.metadata.annotations?.[REVISION_ANNOTATION]));
      if (rss.length === 2) states.add(`${rss[0].spec.replicas}/${rss[1].spec.replicas}`);
    });
    setImage(api, "web", "nginx:1.26");
    api.clock.advance(1);
    // Right after the change the rollout is visibly in progress, as `kubectl rollout status` would report.
    const mid = get(api, "web");
    expect(mid.status.updatedReplicas ?? 0).toBeLessThan(4);
    api.clock.advance(30_000);

    expect(minReady).toBeGreaterThanOrEqual(4);
    expect(maxPods).toBeLessThanOrEqual(5);
    for (const s of ["4/1", "3/1", "3/2", "2/2", "2/3", "1/3", "1/4", "0/4"]) expect(states).toContain(s);
    const d = get(api, "web");
    expect(d.status).toMatchObject({ replicas: 4, updatedReplicas: 4, availableReplicas: 4 });
    expect(d.metadata.annotations?.[REVISION_ANNOTATION]).toBe("2");
    const rs = newest(api, "web");
    expect(rs.metadata.annotations?.[REVISION_ANNOTATION]).toBe("2");
    expect(condition(d, "Progressing").message).toBe(`ReplicaSet "${rs.metadata.name}" has successfully progressed.`);
    expect(api.events.map((e) => e.message)).toContain(`Scaled up replica set ${rs.metadata.name} to 1`);
    expect(api.events.map((e) => e.message)).toContain(`Scaled up replica set ${rs.metadata.name} to 2 from 1`);
  });

  it("rounds maxSurge up and maxUnavailable down: 25% of 10 is 3 and 2", () => {
    expect(resolveFenceposts("25%", "25%", 10)).toEqual({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts("25%", "25%", 1)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts("25%", "25%", 4)).toEqual({ surge: 1, unavailable: 1 });
    expect(resolveFenceposts(0, "10%", 5)).toEqual({ surge: 0, unavailable: 1 });

    const api = cluster();
    api.create("deployments", deployment("web", 10));
    api.clock.advance(5000);
    const old = replicaSets(api, "web")[0];
    setImage(api, "web", "nginx:1.26");
    api.clock.advance(1);
    const fresh = newest(api, "web");
    // First step surges by 3 (13 pods), then the old set drops to the 8 that must stay available, which
    // lets the new set grow to 5; nothing more happens until new pods become available.
    const scaling = api.events.filter((e) => e.reason === "ScalingReplicaSet").map((e) => e.message);
    expect(scaling.slice(1)).toEqual([
      `Scaled up replica set ${fresh.metadata.name} to 3`,
      `Scaled down replica set ${old.metadata.name} to 8 from 10`,
      `Scaled up replica set ${fresh.metadata.name} to 5 from 3`,
    ]);
    expect(api.getOrThrow("replicasets", "default", old.metadata.name!).spec.replicas).toBe(8);
    expect(fresh.metadata.annotations?.["deployment.kubernetes.io/max-replicas"]).toBe("13");
  });

  it("Recreate scales the old ReplicaSet to zero and waits for its pods to go before starting new ones", () => {
    const api = cluster({ terminateAfterMs: 3000 });
    api.gracefulPodDeletion = true;
    api.create("deployments", deployment("web", 3, { strategy: { type: "Recreate" } }));
    api.clock.advance(5000);
    const first = replicaSets(api, "web")[0];
    let violated = false;
    api.subscribe("replicasets", (e) => {
      if (e.object.metadata.name !== first.metadata.name && e.object.spec.replicas > 0) {
        const oldPods = api.list("pods", { namespace: "default" }).filter((p) => p.metadata.ownerReferences?.[0]?.uid === first.metadata.uid);
        if (oldPods.length) violated = true;
      }
    });
    setImage(api, "web", "nginx:1.26");
    api.clock.advance(1);
    expect(api.getOrThrow("replicasets", "default", first.metadata.name!).spec.replicas).toBe(0);
    expect(replicaSets(api, "web")).toHaveLength(1);
    api.clock.advance(20_000);
    expect(violated).toBe(false);
    expect(replicaSets(api, "web")).toHaveLength(2);
    expect(get(api, "web").status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  });

  it("does not roll out a paused Deployment but still scales it", () => {
    const api = cluster();
    api.create("deployments", deployment("web", 2));
    api.clock.advance(5000);
    const d = copy(api, "web");
    d.spec.paused = true;
    d.spec.template.spec.containers[0].image = "nginx:1.26";
    api.update("deployments", d);
    api.clock.advance(10_000);
    expect(replicaSets(api, "web")).toHaveLength(1);
    expect(condition(get(api, "web"), "Progressing")).toMatchObject({ status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" });

    const scaled = copy(api, "web");
    scaled.spec.replicas = 5;
    api.update("deployments", scaled);
    api.clock.advance(10_000);
    expect(replicaSets(api, "web")[0].spec.replicas).toBe(5);
    expect(replicaSets(api, "web")).toHaveLength(1);

    const resumed = copy(api, "web");
    delete resumed.spec.paused;
    api.update("deployments", resumed);
    api.clock.advance(60_000);
    expect(replicaSets(api, "web")).toHaveLength(2);
    expect(get(api, "web").status).toMatchObject({ updatedReplicas: 5, availableReplicas: 5, replicas: 5 });
  });

  it("reuses the old ReplicaSet on undo when the template carries creationTimestamp null", () => {
    const api = cluster();
    api.create("deployments", deployment("web", 2));
    api.clock.advance(5000);
    const v1 = replicaSets(api, "web")[0];
    setImage(api, "web", "nginx:1.26");
    api.clock.advance(30_000);
    expect(replicaSets(api, "web")).toHaveLength(2);

    // What kubectl rollout undo sends: the RS template without the hash label, with creationTimestamp null.
    const template = JSON.parse(JSON.stringify(v1.spec.template));
    delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    template.metadata.creationTimestamp = null;
    template.spec.containers[0].resources = {};
    const d = copy(api, "web");
    d.spec.template = template;
    api.update("deployments", d);
    api.clock.advance(30_000);

    const rss = replicaSets(api, "web");
    expect(rss).toHaveLength(2);
    const reused = api.getOrThrow("replicasets", "default", v1.metadata.name!);
    expect(reused.metadata.annotations?.[REVISION_ANNOTATION]).toBe("3");
    expect(reused.metadata.annotations?.[REVISION_HISTORY_ANNOTATION]).toBe("1");
    expect(reused.spec.replicas).toBe(2);
    expect(get(api, "web").metadata.annotations?.[REVISION_ANNOTATION]).toBe("3");
    expect(rss.find((rs) => rs.metadata.name !== v1.metadata.name)!.spec.replicas).toBe(0);
  });

  it("marks the rollout as failed once progressDeadlineSeconds pass without progress", () => {
    const api = cluster({ neverReady: (pod) => pod.spec.containers[0].image === "nginx:broken" });
    api.create("deployments", deployment("web", 2, { progressDeadlineSeconds: 30 }));
    api.clock.advance(5000);
    setImage(api, "web", "nginx:broken");
    api.clock.advance(10_000);
    expect(condition(get(api, "web"), "Progressing")).toMatchObject({ status: "True", reason: "ReplicaSetUpdated" });
    api.clock.advance(40_000);
    const rs = newest(api, "web");
    expect(condition(get(api, "web"), "Progressing")).toMatchObject({
      status: "False",
      reason: "ProgressDeadlineExceeded",
      message: `ReplicaSet "${rs.metadata.name}" has timed out progressing.`,
    });
  });

  it("keeps only revisionHistoryLimit old ReplicaSets", () => {
    const api = cluster();
    api.create("deployments", deployment("web", 1, { revisionHistoryLimit: 1 }));
    api.clock.advance(5000);
    for (const image of ["nginx:1", "nginx:2", "nginx:3"]) {
      setImage(api, "web", image);
      api.clock.advance(20_000);
    }
    const revisions = replicaSets(api, "web").map((rs) => rs.metadata.annotations?.[REVISION_ANNOTATION]).sort();
    expect(revisions).toEqual(["3", "4"]);
  });

  it("scales a stuck rollout proportionally across its ReplicaSets", () => {
    const api = cluster({ neverReady: (pod) => pod.spec.containers[0].image === "nginx:broken" });
    api.create("deployments", deployment("web", 10, { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }));
    api.clock.advance(5000);
    const old = replicaSets(api, "web")[0];
    setImage(api, "web", "nginx:broken");
    api.clock.advance(20_000);
    const fresh = newest(api, "web");
    expect(api.getOrThrow("replicasets", "default", old.metadata.name!).spec.replicas).toBe(8);
    expect(api.getOrThrow("replicasets", "default", fresh.metadata.name!).spec.replicas).toBe(5);

    const d = copy(api, "web");
    d.spec.replicas = 15;
    api.update("deployments", d);
    api.clock.advance(5000);
    expect(api.getOrThrow("replicasets", "default", old.metadata.name!).spec.replicas).toBe(11);
    expect(api.getOrThrow("replicasets", "default", fresh.metadata.name!).spec.replicas).toBe(7);
    expect(api.getOrThrow("replicasets", "default", fresh.metadata.name!).metadata.annotations?.["deployment.kubernetes.io/desired-replicas"]).toBe("15");
  });

  it("reports a missing minimum availability while pods are not ready", () => {
    const api = cluster({ neverReady: () => true });
    api.create("deployments", deployment("web", 2));
    api.clock.advance(5000);
    const d = get(api, "web");
    expect(condition(d, "Available")).toMatchObject({ status: "False", reason: "MinimumReplicasUnavailable" });
    expect(d.status).toMatchObject({ replicas: 2, updatedReplicas: 2, unavailableReplicas: 2 });
    expect(d.status.availableReplicas).toBeUndefined();
  });

  it("starts a new ReplicaSet when kubectl rollout restart stamps the template", () => {
    const api = cluster();
    api.create("deployments", deployment("web", 2));
    api.clock.advance(5000);
    api.edit("deployments", "default", "web", (d) => {
      d.spec.template.metadata.annotations = { "kubectl.kubernetes.io/restartedAt": "2026-01-01T00:00:05Z" };
    });
    api.clock.advance(30_000);
    const fresh = newest(api, "web");
    expect(replicaSets(api, "web")).toHaveLength(2);
    expect(fresh.metadata.annotations?.[REVISION_ANNOTATION]).toBe("2");
    expect(fresh.spec.template.metadata.annotations).toEqual({ "kubectl.kubernetes.io/restartedAt": "2026-01-01T00:00:05Z" });
    expect(livePods(api, "web").every((p) => p.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] === fresh.metadata.labels?.[POD_TEMPLATE_HASH_LABEL])).toBe(true);
  });

  it("shows a quota refusal of its pods as a ReplicaFailure condition", () => {
    const api = cluster();
    api.refuseCreate = (resource, obj) =>
      resource === "pods" ? new StatusError(403, "Forbidden", `pods "${obj.metadata.name}" is forbidden: exceeded quota: compute`) : undefined;
    api.create("deployments", deployment("web", 1));
    api.clock.advance(5000);
    expect(condition(get(api, "web"), "ReplicaFailure")).toMatchObject({ status: "True", reason: "FailedCreate" });
    api.refuseCreate = undefined;
    api.clock.advance(30_000);
    expect(condition(get(api, "web"), "ReplicaFailure")).toBeUndefined();
    expect(get(api, "web").status.availableReplicas).toBe(1);
  });

  it("adopts its orphaned ReplicaSet when re-created instead of starting a new one", () => {
    const api = cluster();
    api.create("deployments", deployment("web", 2));
    api.clock.advance(5000);
    const [rs] = replicaSets(api, "web");
    // kubectl delete deployment web --cascade=orphan, with the garbage collector stripping the owner reference.
    api.delete("deployments", "default", "web");
    api.edit("replicasets", "default", rs.metadata.name!, (r) => (r.metadata.ownerReferences = []));
    api.create("deployments", deployment("web", 2));
    api.clock.advance(5000);
    const rss = replicaSets(api, "web");
    expect(rss.map((r) => r.metadata.name)).toEqual([rs.metadata.name]);
    expect(get(api, "web").status).toMatchObject({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 });
  });
});

