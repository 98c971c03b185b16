import "server-only";
import { OPS_LIST_LIMIT, type TroubledPod, type TroubledPodList } from "@/lib/contracts/ops-monitoring";
import { controllerOf, workloadOfPod } from "@/lib/server/deployments/workload-of";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import type { CachedKindObject } from "@/lib/server/kubernetes/watch-cache";
import { tenantsByNamespace, type NamespaceTenant } from "./tenants-by-namespace";

// A pod is in trouble when it failed, when a container is stuck waiting for a reason that will not clear on its
// own, or when a container restarted within the last hour (older restarts are history, not trouble).

const STUCK_REASONS = new Set(["CrashLoopBackOff", "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "RunContainerError"]);
const RECENT_RESTART_MS = 3_600_000;

type Pod = CachedKindObject<"pods">;

function troubleOf(pod: Pod, nowMs: number): Pick<TroubledPod, "reason" | "message" | "restarts" | "since"> | null {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const restarts = statuses.reduce((sum, status) => sum + (status.restartCount ?? 0), 0);
  const lastFinished = statuses
    .map((status) => status.lastState?.terminated?.finishedAt)
    .filter((at): at is string => typeof at === "string")
    .sort()
    .at(-1);
  const since = lastFinished ?? pod.status?.startTime ?? null;
  if (pod.status?.phase === "Failed") {
    return { reason: pod.status.reason ?? "Failed", message: pod.status.message ?? null, restarts, since: since ? String(since) : null };
  }
  const stuck = statuses.find((status) => status.state?.waiting?.reason && STUCK_REASONS.has(status.state.waiting.reason));
  if (stuck) return { reason: stuck.state!.waiting!.reason!, message: stuck.state!.waiting!.message ?? null, restarts, since: since ? String(since) : null };
  if (restarts > 0 && lastFinished && nowMs - Date.parse(lastFinished) <= RECENT_RESTART_MS) {
    const restarted = statuses.find((status) => status.lastState?.terminated?.finishedAt === lastFinished);
    const terminated = restarted?.lastState?.terminated;
    return { reason: "Restarted", message: terminated ? `${terminated.reason ?? "Terminated"} (exit code ${terminated.exitCode})` : null, restarts, since: lastFinished };
  }
  return null;
}

function toTroubledPod(pod: Pod, tenant: NamespaceTenant | undefined, trouble: NonNullable<ReturnType<typeof troubleOf>>, workload: string | null): TroubledPod {
  return {
    tenant: tenant ? { slug: tenant.slug, name: tenant.name } : null,
    namespace: pod.metadata?.namespace ?? "",
    name: pod.metadata?.name ?? "",
    workload: workload ? { kind: controllerOf(pod)?.kind === "StatefulSet" ? "StatefulSet" : "Deployment", name: workload } : null,
    node: pod.spec?.nodeName ?? null,
    phase: pod.status?.phase ?? "Unknown",
    ...trouble,
  };
}

/** Pods in trouble in every namespace, the most recent trouble first. */
export async function listTroubledPods(nowMs = Date.now()): Promise<TroubledPodList> {
  const cache = getSyncedWatchCacheOrThrow();
  const tenants = await tenantsByNamespace();
  const items: TroubledPod[] = [];
  for (const pod of cache.listAll("pods")) {
    const trouble = troubleOf(pod, nowMs);
    if (!trouble) continue;
    items.push(toTroubledPod(pod, tenants.get(pod.metadata?.namespace ?? ""), trouble, workloadOfPod(cache, pod)));
  }
  items.sort((a, b) => (b.since ?? "").localeCompare(a.since ?? "") || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return { items: items.slice(0, OPS_LIST_LIMIT), total: items.length };
}
