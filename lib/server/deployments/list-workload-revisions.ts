import "server-only";
import { stringify } from "yaml";
import type { WorkloadRevision, WorkloadRevisionList } from "@/lib/contracts/workloads";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";
import type { WorkloadObject } from "./find-workload-object";
import { getWorkloadObjectOrThrow } from "./get-workload-object-or-throw";
import { listReplicaSetsOf, revisionOf } from "./list-replica-sets-of";
import { toTimestamp } from "./to-timestamp";

const CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";
const EPOCH = new Date(0).toISOString();

/** Drops null and undefined fields (a template's `creationTimestamp: null`) so two templates diff on what they say. */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== null && item !== undefined) out[key] = withoutEmpty(item);
  return out;
}

/**
 * The pod template as YAML without the `pod-template-hash` label, which the controller adds to every
 * ReplicaSet's copy: without it two revisions' templates differ only where a person changed them.
 */
export function podTemplateYaml(template: unknown): string {
  const copy = withoutEmpty(template) as { metadata?: { labels?: Record<string, string> } };
  const labels = copy.metadata?.labels;
  if (labels) {
    delete labels["pod-template-hash"];
    if (Object.keys(labels).length === 0) delete copy.metadata!.labels;
  }
  return stringify(copy, { sortMapEntries: true });
}

function statefulSetRevision(workload: Extract<WorkloadObject, { kind: "StatefulSet" }>): WorkloadRevision[] {
  // A StatefulSet's history lives in ControllerRevisions, which the watch cache does not hold: only the template
  // that runs now is known here, numbered by the StatefulSet's observed generation (ControllerRevision numbers
  // are not known without them).
  const { object } = workload;
  return [
    {
      revision: object.status?.observedGeneration ?? object.metadata?.generation ?? 1,
      image: object.spec?.template?.spec?.containers?.[0]?.image ?? "",
      current: true,
      createdAt: toTimestamp(object.metadata?.creationTimestamp) ?? EPOCH,
      changeCause: object.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] ?? null,
      template: podTemplateYaml(object.spec?.template),
    },
  ];
}

/** Kept revisions, newest first, as `kubectl rollout history` lists them: one per ReplicaSet with a revision annotation. */
export function listWorkloadRevisions(tenant: ResolvedTenant, name: string): WorkloadRevisionList {
  const cache = getSyncedWatchCacheOrThrow();
  const workload = getWorkloadObjectOrThrow(cache, tenant, name);
  if (workload.kind === "StatefulSet") return { items: statefulSetRevision(workload) };
  const items: WorkloadRevision[] = [];
  for (const replicaSet of listReplicaSetsOf(cache, workload.object)) {
    const revision = revisionOf(replicaSet);
    if (revision === null) continue;
    items.push({
      revision,
      image: replicaSet.spec?.template?.spec?.containers?.[0]?.image ?? "",
      current: items.length === 0,
      createdAt: toTimestamp(replicaSet.metadata?.creationTimestamp) ?? EPOCH,
      changeCause: replicaSet.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] ?? null,
      template: podTemplateYaml(replicaSet.spec?.template),
    });
  }
  return { items };
}
