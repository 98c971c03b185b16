import "server-only";
import type * as k8s from "@kubernetes/client-node";
import { ApiError } from "@/lib/server/http/api-error";
import type { ClusterClients } from "@/lib/server/kubernetes/cluster-clients";
import { toApiError } from "@/lib/server/kubernetes/to-api-error";
import { podTemplateKey } from "./pod-template-key";

/**
 * `kubectl rollout undo statefulset/x [--to-revision=N]` (kubectl's StatefulSetRollbacker): the set's
 * ControllerRevision of that number (default: the second newest) holds its template as a patch replacing the whole
 * template; kubectl sends it as a strategic merge patch, and this JSON patch replacing /spec/template has the same
 * effect. Null when the set already runs that template ("skipped rollback"), as kubectl reports it.
 */
export async function statefulSetRollbackPatch(
  clients: ClusterClients,
  statefulSet: k8s.V1StatefulSet,
  revision: number | undefined,
  doing: string,
): Promise<{ op: "replace"; path: string; value: unknown }[] | null> {
  const namespace = statefulSet.metadata!.namespace!;
  const selector = Object.entries(statefulSet.spec?.selector.matchLabels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
  const history = await clients.apps
    .listNamespacedControllerRevision({ namespace, labelSelector: selector || undefined })
    .then((list) => list.items.filter((cr) => cr.metadata?.ownerReferences?.some((owner) => owner.controller && owner.uid === statefulSet.metadata?.uid)))
    .catch((error: unknown) => {
      throw toApiError(error, doing);
    });
  history.sort((a, b) => b.revision - a.revision);
  const target = revision === undefined ? history[1] : history.find((cr) => cr.revision === revision);
  if (!target) {
    const message = revision === undefined ? "there is no previous revision to roll back to" : `revision ${revision} not found in the history of ${statefulSet.metadata?.name}`;
    throw new ApiError("validation_failed", `${doing}: ${message}.`, [{ field: "body.revision", message }]);
  }
  const template = JSON.parse(JSON.stringify((target.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template ?? null)) as Record<string, unknown> | null;
  if (!template) throw new ApiError("validation_failed", `${doing}: revision ${target.revision} holds no pod template.`);
  delete template.$patch;
  if (podTemplateKey(template) === podTemplateKey(statefulSet.spec?.template)) return null;
  return [{ op: "replace", path: "/spec/template", value: template }];
}
