import { describe, expect, it } from "vitest";
import type { CachedDeployment, CachedStatefulSet } from "./find-workload-object";
import { toWorkloadSummary } from "./to-workload-summary";

function deployment(overrides: { generation?: number; spec?: Record<string, unknown>; status?: Record<string, unknown>; annotations?: Record<string, string> } = {}): CachedDeployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "t-acme", uid: "u1", generation: overrides.generation ?? 3, creationTimestamp: "2026-11-25T09:00:00Z", annotations: { "deployment.kubernetes.io/revision": "2", ...overrides.annotations } },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            { name: "web", image: "registry.local/acme/web:v2", resources: { requests: { cpu: "250m", memory: "256Mi" } } },
            { name: "sidecar", image: "registry.local/acme/proxy:1", resources: { requests: { cpu: "0", memory: "256Mi" } } },
          ],
        },
      },
      ...overrides.spec,
    },
    status: {
      observedGeneration: 3,
      replicas: 4,
      updatedReplicas: 4,
      readyReplicas: 4,
      availableReplicas: 4,
      conditions: [
        { type: "Available", status: "True", reason: "MinimumReplicasAvailable" },
        { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: 'ReplicaSet "web-7c9d" has successfully progressed.' },
      ],
      ...overrides.status,
    },
  } as CachedDeployment;
}

const summarize = (object: CachedDeployment) => toWorkloadSummary({ kind: "Deployment", object });

describe("toWorkloadSummary of a Deployment", () => {
  it("reports a finished rollout as available, with its revision, image, size and requests of one replica", () => {
    expect(summarize(deployment())).toMatchObject({
      name: "web",
      kind: "Deployment",
      image: "registry.local/acme/web:v2",
      state: "available",
      reason: null,
      replicas: { desired: 4, updated: 4, ready: 4, available: 4, total: 4 },
      revision: 2,
      cpuRequestMillicores: 250,
      memoryRequestMiB: 512,
      size: "xs",
      createdAt: "2026-11-25T09:00:00.000Z",
      canaryPauseAfter: null,
    });
  });

  it("reports a rollout with 2 of 4 replicas updated as progressing, in kubectl's words", () => {
    const summary = summarize(deployment({ status: { replicas: 5, updatedReplicas: 2, availableReplicas: 3, conditions: [{ type: "Progressing", status: "True", reason: "ReplicaSetUpdated" }] } }));
    expect(summary.state).toBe("progressing");
    expect(summary.reason).toBe("ReplicaSetUpdated");
    expect(summary.message).toBe('Waiting for deployment "web" rollout to finish: 2 out of 4 new replicas have been updated');
  });

  it("stays progressing while old replicas terminate and while updated ones are not yet available", () => {
    expect(summarize(deployment({ status: { replicas: 5 } })).message).toContain("1 old replicas are pending termination");
    expect(summarize(deployment({ status: { availableReplicas: 3 } })).message).toContain("3 of 4 updated replicas are available");
  });

  it("reports a spec change the controller has not yet observed as progressing, even when the counts look done", () => {
    const summary = summarize(deployment({ generation: 4 }));
    expect(summary.state).toBe("progressing");
    expect(summary.message).toBe("Waiting for deployment spec update to be observed");
  });

  it("reports a paused rollout as paused, and a canary pause with its pod count", () => {
    expect(summarize(deployment({ spec: { paused: true }, status: { updatedReplicas: 1, replicas: 5 } })).state).toBe("paused");
    const canary = summarize(deployment({ spec: { paused: true }, annotations: { "apiary.io/canary-pause-after": "1" }, status: { updatedReplicas: 1, replicas: 5 } }));
    expect(canary).toMatchObject({ state: "paused", canaryPauseAfter: 1 });
    expect(canary.message).toContain("Canary");
  });

  it("reports a rollout stuck past its deadline as failed, with the API server's reason and message", () => {
    const summary = summarize(
      deployment({
        spec: { paused: true },
        status: { updatedReplicas: 1, replicas: 5, conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: 'ReplicaSet "web-abc" has timed out progressing.' }] },
      }),
    );
    expect(summary).toMatchObject({ state: "failed", reason: "ProgressDeadlineExceeded", message: 'ReplicaSet "web-abc" has timed out progressing.' });
  });

  it("matches no size when the requests are not one of the price book's", () => {
    const custom = deployment({ spec: { template: { spec: { containers: [{ name: "web", image: "x", resources: { requests: { cpu: "1.5", memory: "1Gi" } } }] } } } });
    expect(summarize(custom)).toMatchObject({ cpuRequestMillicores: 1500, memoryRequestMiB: 1024, size: null });
  });

  it("computes a summary once per cached object and again when the object is replaced", () => {
    const object = deployment();
    expect(summarize(object)).toBe(summarize(object));
    expect(summarize(deployment())).not.toBe(summarize(object));
  });
});

describe("toWorkloadSummary of a StatefulSet", () => {
  const statefulSet = (status: Record<string, unknown>, generation = 2): CachedStatefulSet =>
    ({
      kind: "StatefulSet",
      metadata: { name: "db", namespace: "t-acme", generation, creationTimestamp: "2026-11-25T09:00:00Z" },
      spec: { replicas: 3, updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } }, template: { spec: { containers: [{ name: "db", image: "db:1" }] } } },
      status: { observedGeneration: 2, replicas: 3, readyReplicas: 3, updatedReplicas: 3, currentRevision: "db-1", updateRevision: "db-1", ...status },
    }) as unknown as CachedStatefulSet;
  const state = (object: CachedStatefulSet) => toWorkloadSummary({ kind: "StatefulSet", object }).state;

  it("follows kubectl: unobserved spec, unready pods and a partition not yet rolled are progressing", () => {
    expect(state(statefulSet({}))).toBe("available");
    expect(state(statefulSet({}, 3))).toBe("progressing");
    expect(state(statefulSet({ readyReplicas: 2 }))).toBe("progressing");
    expect(state(statefulSet({ updatedReplicas: 1, updateRevision: "db-2" }))).toBe("progressing");
  });
});
