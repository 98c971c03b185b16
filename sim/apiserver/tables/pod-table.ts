// `kubectl get pods` columns and the STATUS reason logic of printPod (pkg/printers/internalversion).
import type { KObject } from "../../core/types";
import { formatAge } from "../format-age";
import { AGE_COLUMN, NAME_COLUMN, column, type TablePrinter } from "./table-printer";

function isRestartableInit(pod: KObject, name: string): boolean {
  return (pod.spec?.initContainers ?? []).some((c: any) => c.name === name && c.restartPolicy === "Always");
}

function laterOf(current: string | undefined, candidate: string | undefined): string | undefined {
  if (!candidate) return current;
  if (!current) return candidate;
  return Date.parse(candidate) > Date.parse(current) ? candidate : current;
}

/** The READY, STATUS and RESTARTS cells exactly as kubectl computes them. */
export function podStatusCells(pod: KObject, nowMs: number): { ready: string; status: string; restarts: string } {
  const status = pod.status ?? {};
  const initSpecs: any[] = pod.spec?.initContainers ?? [];
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (pod.spec?.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart: string | undefined;
  let lastRestartableInitRestart: string | undefined;
  let reason: string = status.phase ?? "";
  if (status.reason) reason = status.reason;
  for (const c of status.conditions ?? []) {
    if (c.type === "PodScheduled" && c.reason === "SchedulingGated") reason = "SchedulingGated";
  }
  for (const spec of initSpecs) if (spec.restartPolicy === "Always") totalContainers++;

  let initializing = false;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    const finished = c.lastState?.terminated?.finishedAt;
    lastRestart = laterOf(lastRestart, finished);
    const restartable = isRestartableInit(pod, c.name);
    if (restartable) {
      restartableInitRestarts += c.restartCount ?? 0;
      lastRestartableInitRestart = laterOf(lastRestartableInitRestart, finished);
    }
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (restartable && c.started) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
      else reason = `Init:${terminated.reason}`;
    } else if (waiting?.reason && waiting.reason !== "PodInitializing") {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = (status.conditions ?? []).some((c: any) => c.type === "Initialized" && c.status === "True");
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += c.restartCount ?? 0;
      lastRestart = laterOf(lastRestart, c.lastState?.terminated?.finishedAt);
      const waiting = c.state?.waiting;
      const terminated = c.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === "Completed" && hasRunning) {
      const ready = (status.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");
      reason = ready ? "Running" : "NotReady";
    }
  }

  const phase = status.phase;
  if (pod.metadata.deletionTimestamp && status.reason === "NodeLost") reason = "Unknown";
  else if (pod.metadata.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed") reason = "Terminating";

  const restartsText = restarts !== 0 && lastRestart ? `${restarts} (${formatAge(lastRestart, nowMs)} ago)` : String(restarts);
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsText };
}

export const podTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column("Ready", "string", { description: "The aggregate readiness state of this pod for accepting traffic." }),
    column("Status", "string", { description: "The aggregate status of the containers in this pod." }),
    column("Restarts", "string", { description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted." }),
    AGE_COLUMN,
    column("IP", "string", { priority: 1, description: "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated." }),
    column("Node", "string", { priority: 1, description: "NodeName is a request to schedule this pod onto a specific node." }),
    column("Nominated Node", "string", { priority: 1, description: "nominatedNodeName is set only when this pod preempts other pods on the node." }),
    column("Readiness Gates", "string", { priority: 1, description: "If specified, all readiness gates will be evaluated for pod readiness." }),
  ],
  cells(pod, nowMs) {
    const { ready, status, restarts } = podStatusCells(pod, nowMs);
    const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || "<none>";
    const gates: any[] = pod.spec?.readinessGates ?? [];
    let readinessGates = "<none>";
    if (gates.length > 0) {
      const trueCount = gates.filter((g) => (pod.status?.conditions ?? []).some((c: any) => c.type === g.conditionType && c.status === "True")).length;
      readinessGates = `${trueCount}/${gates.length}`;
    }
    return [
      pod.metadata.name,
      ready,
      status,
      restarts,
      formatAge(pod.metadata.creationTimestamp, nowMs),
      ip,
      pod.spec?.nodeName || "<none>",
      pod.status?.nominatedNodeName || "<none>",
      readinessGates,
    ];
  },
};
