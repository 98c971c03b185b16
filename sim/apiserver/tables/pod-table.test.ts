import { describe, expect, it } from "vitest";
import type { KObject } from "../../core/types";
import { podStatusCells, podTable } from "./pod-table";

const NOW = Date.parse("2026-01-01T12:00:00Z");

function pod(status: any, extra: Partial<KObject> = {}): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-1", namespace: "default", creationTimestamp: "2026-01-01T11:55:00Z", ...(extra.metadata ?? {}) },
    spec: { containers: [{ name: "nginx", image: "nginx" }], ...(extra.spec ?? {}) },
    status,
  };
}

describe("pod STATUS, READY and RESTARTS", () => {
  it("shows ContainerCreating while the container waits", () => {
    const cells = podStatusCells(pod({ phase: "Pending", containerStatuses: [{ name: "nginx", ready: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } }] }), NOW);
    expect(cells).toEqual({ ready: "0/1", status: "ContainerCreating", restarts: "0" });
  });

  it("shows ErrImagePull and ImagePullBackOff from the waiting reason", () => {
    expect(podStatusCells(pod({ phase: "Pending", containerStatuses: [{ name: "nginx", restartCount: 0, state: { waiting: { reason: "ErrImagePull" } } }] }), NOW).status).toBe("ErrImagePull");
    expect(podStatusCells(pod({ phase: "Pending", containerStatuses: [{ name: "nginx", restartCount: 0, state: { waiting: { reason: "ImagePullBackOff" } } }] }), NOW).status).toBe("ImagePullBackOff");
  });

  it("shows CrashLoopBackOff with the restart count and how long ago the last one ended", () => {
    const cells = podStatusCells(
      pod({
        phase: "Running",
        containerStatuses: [{ name: "nginx", ready: false, restartCount: 2, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: "2026-01-01T11:59:45Z" } } }],
      }),
      NOW,
    );
    expect(cells).toEqual({ ready: "0/1", status: "CrashLoopBackOff", restarts: "2 (15s ago)" });
  });

  it("shows Running and counts ready containers", () => {
    const p = pod(
      { phase: "Running", conditions: [{ type: "Ready", status: "True" }], containerStatuses: [{ name: "a", ready: true, restartCount: 0, state: { running: {} } }, { name: "b", ready: false, restartCount: 0, state: { running: {} } }] },
      { spec: { containers: [{ name: "a" }, { name: "b" }] } },
    );
    expect(podStatusCells(p, NOW)).toEqual({ ready: "1/2", status: "Running", restarts: "0" });
  });

  it("shows Terminating for a pod being deleted, but keeps Completed for a finished one", () => {
    const running = pod({ phase: "Running", containerStatuses: [{ name: "nginx", ready: true, restartCount: 0, state: { running: {} } }] }, { metadata: { name: "web-1", deletionTimestamp: "2026-01-01T12:00:30Z" } });
    expect(podStatusCells(running, NOW).status).toBe("Terminating");
    const done = pod({ phase: "Succeeded", containerStatuses: [{ name: "nginx", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } }] });
    expect(podStatusCells(done, NOW).status).toBe("Completed");
  });

  it("shows init container progress", () => {
    const p = pod(
      { phase: "Pending", initContainerStatuses: [{ name: "init", restartCount: 0, state: { running: {} } }], containerStatuses: [{ name: "nginx", restartCount: 0, state: { waiting: { reason: "PodInitializing" } } }] },
      { spec: { initContainers: [{ name: "init" }], containers: [{ name: "nginx" }] } },
    );
    expect(podStatusCells(p, NOW).status).toBe("Init:0/1");
  });

  it("fills the wide columns with <none> until the pod is placed", () => {
    const cells = podTable.cells(pod({ phase: "Pending" }), NOW);
    expect(cells).toEqual(["web-1", "0/1", "Pending", "0", "5m", "<none>", "<none>", "<none>", "<none>"]);
    expect(podTable.columns.map((c) => c.name)).toEqual(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"]);
    expect(podTable.columns.filter((c) => c.priority === 1).map((c) => c.name)).toEqual(["IP", "Node", "Nominated Node", "Readiness Gates"]);
  });
});
