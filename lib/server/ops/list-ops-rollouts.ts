import "server-only";
import { OPS_LIST_LIMIT, type OpsRollout, type OpsRolloutList } from "@/lib/contracts/ops-monitoring";
import { deriveRolloutState } from "@/lib/server/deployments/derive-rollout-state";
import type { WorkloadObject } from "@/lib/server/deployments/find-workload-object";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import { tenantsByNamespace } from "./tenants-by-namespace";

function progressOf(workload: WorkloadObject): Pick<OpsRollout, "desired" | "updated" | "ready" | "available" | "startedAt"> {
  const status = workload.object.status;
  const progressing = workload.kind === "Deployment" ? workload.object.status?.conditions?.find((c) => c.type === "Progressing") : undefined;
  const changed = progressing?.lastUpdateTime ?? progressing?.lastTransitionTime;
  return {
    desired: workload.object.spec?.replicas ?? 1,
    updated: status?.updatedReplicas ?? 0,
    ready: status?.readyReplicas ?? 0,
    available: status?.availableReplicas ?? 0,
    startedAt: changed ? new Date(String(changed)).toISOString() : null,
  };
}

/** Workloads whose rollout is not complete, judged as `kubectl rollout status` does; failed first, then newest. */
export async function listOpsRollouts(): Promise<OpsRolloutList> {
  const cache = getSyncedWatchCacheOrThrow();
  const tenants = await tenantsByNamespace();
  const workloads: WorkloadObject[] = [
    ...cache.listAll("deployments").map((object) => ({ kind: "Deployment" as const, object })),
    ...cache.listAll("statefulsets").map((object) => ({ kind: "StatefulSet" as const, object })),
  ];
  const items: OpsRollout[] = [];
  for (const workload of workloads) {
    const { state, message } = deriveRolloutState(workload);
    if (state === "available") continue;
    const namespace = workload.object.metadata?.namespace ?? "";
    const tenant = tenants.get(namespace);
    items.push({
      tenant: tenant ? { slug: tenant.slug, name: tenant.name } : null,
      namespace,
      name: workload.object.metadata?.name ?? "",
      kind: workload.kind,
      state,
      message,
      ...progressOf(workload),
    });
  }
  const rank = { failed: 0, paused: 1, progressing: 2 } as const;
  items.sort((a, b) => rank[a.state] - rank[b.state] || (b.startedAt ?? "").localeCompare(a.startedAt ?? "") || a.name.localeCompare(b.name));
  return { items: items.slice(0, OPS_LIST_LIMIT), total: items.length };
}
