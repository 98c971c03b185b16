import { describe, expect, it } from "vitest";
import type { CachedKindObject } from "@/lib/server/kubernetes/watch-cache";
import { podStatusText } from "./pod-status-text";

type Pod = CachedKindObject<"pods">;
const pod = (status: Record<string, unknown>, extra: { deletionTimestamp?: string; initContainers?: number } = {}): Pod =>
  ({
    metadata: { name: "web-1", deletionTimestamp: extra.deletionTimestamp },
    spec: { containers: [{ name: "web", image: "x" }], initContainers: Array.from({ length: extra.initContainers ?? 0 }, (_, i) => ({ name: `init${i}`, image: "x" })) },
    status,
  }) as Pod;

describe("podStatusText (kubectl's STATUS column)", () => {
  it("shows a running, ready pod as Running with its ready containers and restarts", () => {
    expect(podStatusText(pod({ phase: "Running", containerStatuses: [{ name: "web", ready: true, restartCount: 2, state: { running: {} } }] }))).toEqual({
      status: "Running",
      readyContainers: 1,
      restarts: 2,
    });
  });

  it("shows the waiting reason of a container: image pull failures, crash loops, creation", () => {
    for (const reason of ["ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff", "ContainerCreating"]) {
      expect(podStatusText(pod({ phase: "Pending", containerStatuses: [{ name: "web", ready: false, restartCount: 0, state: { waiting: { reason } } }] })).status).toBe(reason);
    }
  });

  it("shows a pod being deleted as Terminating, and a pod still initializing as Init:n/m", () => {
    expect(podStatusText(pod({ phase: "Running", containerStatuses: [{ name: "web", ready: true, state: { running: {} } }] }, { deletionTimestamp: "2026-11-25T09:00:00Z" })).status).toBe("Terminating");
    const initializing = pod({ phase: "Pending", initContainerStatuses: [{ name: "init0", ready: false, restartCount: 0, state: { running: {} } }] }, { initContainers: 2 });
    expect(podStatusText(initializing).status).toBe("Init:0/2");
    const failedInit = pod({ phase: "Pending", initContainerStatuses: [{ name: "init0", ready: false, restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } } }] }, { initContainers: 1 });
    expect(podStatusText(failedInit)).toMatchObject({ status: "Init:CrashLoopBackOff", restarts: 3 });
  });

  it("shows the phase when no container says more, and a terminated container's exit code", () => {
    expect(podStatusText(pod({ phase: "Pending" })).status).toBe("Pending");
    expect(podStatusText(pod({ phase: "Failed", containerStatuses: [{ name: "web", ready: false, state: { terminated: { exitCode: 137 } } }] })).status).toBe("ExitCode:137");
  });
});
