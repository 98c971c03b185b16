import "server-only";
import type { CachedKindObject } from "@/lib/server/kubernetes/watch-cache";

type CachedPod = CachedKindObject<"pods">;

/**
 * The STATUS column of `kubectl get pods` (kubectl's printPod): a waiting or terminated container's reason
 * (ErrImagePull, CrashLoopBackOff, ContainerCreating, …), Init:… while init containers run, Terminating once
 * deletion began, else the pod's phase. Also counts ready containers and restarts as the READY and RESTARTS
 * columns do.
 */
export function podStatusText(pod: CachedPod): { status: string; readyContainers: number; restarts: number } {
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || "Unknown";
  let restarts = 0;
  let readyContainers = 0;
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  const initCount = pod.spec?.initContainers?.length ?? initStatuses.length;
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i];
    restarts += container.restartCount ?? 0;
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (terminated) {
      reason = terminated.reason ? `Init:${terminated.reason}` : terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== "PodInitializing") {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }
  const initialized = status.conditions?.some((condition) => condition.type === "Initialized" && condition.status === "True") ?? false;
  if (!initializing || initialized) {
    restarts = 0;
    let hasRunning = false;
    const containers = status.containerStatuses ?? [];
    for (let i = containers.length - 1; i >= 0; i--) {
      const container = containers[i];
      restarts += container.restartCount ?? 0;
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === "Completed" && hasRunning) {
      reason = status.conditions?.some((condition) => condition.type === "Ready" && condition.status === "True") ? "Running" : "NotReady";
    }
  }
  if (pod.metadata?.deletionTimestamp) {
    if (status.reason === "NodeLost") reason = "Unknown";
    else if (status.phase !== "Succeeded" && status.phase !== "Failed") reason = "Terminating";
  }
  return { status: reason, readyContainers, restarts };
}
