import { describe, expect, it } from "vitest";
import { observePod, workloadOfPod } from "./observe-pods";

type Pod = Parameters<typeof observePod>[0];

function pod(overrides: { phase?: string; startTime?: string; nodeName?: string; deletionTimestamp?: string; owner?: { kind: string; name: string }; finishedAt?: string }): Pod {
  return {
    metadata: {
      name: "web-7d9f8c6b5-abcde",
      uid: "uid-1",
      labels: { "pod-template-hash": "7d9f8c6b5" },
      ownerReferences: overrides.owner ? [{ apiVersion: "apps/v1", kind: overrides.owner.kind, name: overrides.owner.name, uid: "o", controller: true }] : [],
      deletionTimestamp: overrides.deletionTimestamp,
    },
    spec: {
      nodeName: overrides.nodeName,
      containers: [
        { name: "app", image: "x", resources: { requests: { cpu: "250m", memory: "1Gi" } } },
        { name: "sidecar", image: "y" },
      ],
    },
    status: {
      phase: overrides.phase ?? "Running",
      startTime: overrides.startTime,
      containerStatuses: [
        {
          name: "app",
          image: "x",
          imageID: "",
          ready: true,
          restartCount: 0,
          state: overrides.finishedAt ? { terminated: { exitCode: 0, startedAt: overrides.startTime, finishedAt: overrides.finishedAt } } : { running: { startedAt: overrides.startTime } },
        },
      ],
    },
  } as Pod;
}

describe("observing pods for the meter", () => {
  it("names the workload from the ReplicaSet owner without its template hash, or the StatefulSet", () => {
    expect(workloadOfPod(pod({ owner: { kind: "ReplicaSet", name: "web-7d9f8c6b5" } }))).toBe("web");
    expect(workloadOfPod(pod({ owner: { kind: "StatefulSet", name: "db" } }))).toBe("db");
    expect(workloadOfPod(pod({}))).toBe("web-7d9f8c6b5-abcde");
  });

  it("bills a scheduled, started pod's containers at their requests from the pod's start", () => {
    const seen = observePod(pod({ nodeName: "node-1", startTime: "2027-01-01T10:00:00Z", owner: { kind: "ReplicaSet", name: "web-7d9f8c6b5" } }), "t1");
    expect(seen.map((o) => [o.container, o.workload, o.cpuMillicores, o.memoryMiB, o.startSeconds, o.endSeconds])).toEqual([
      ["app", "web", 250, 1024, Date.UTC(2027, 0, 1, 10) / 1000, null],
      ["sidecar", "web", 0, 0, Date.UTC(2027, 0, 1, 10) / 1000, null],
    ]);
  });

  it("ignores a pod not yet scheduled or started", () => {
    expect(observePod(pod({ startTime: "2027-01-01T10:00:00Z" }), "t1")).toEqual([]);
    expect(observePod(pod({ nodeName: "node-1" }), "t1")).toEqual([]);
  });

  it("ends a finished pod's containers at their finish time and remembers a pending deletion", () => {
    const [app] = observePod(pod({ nodeName: "n", phase: "Succeeded", startTime: "2027-01-01T10:00:00Z", finishedAt: "2027-01-01T10:30:00Z" }), "t1");
    expect(app.endSeconds).toBe(Date.UTC(2027, 0, 1, 10, 30) / 1000);
    const [deleting] = observePod(pod({ nodeName: "n", startTime: "2027-01-01T10:00:00Z", deletionTimestamp: "2027-01-01T11:00:30Z" }), "t1");
    expect([deleting.endSeconds, deleting.deletingSeconds]).toEqual([null, Date.UTC(2027, 0, 1, 11, 0, 30) / 1000]);
  });
});
