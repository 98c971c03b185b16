import "server-only";
import { ApiError } from "@/lib/server/http/api-error";
import { clientsFor } from "@/lib/server/kubernetes/clients-for";
import { kubernetesStatusOf, toApiError } from "@/lib/server/kubernetes/to-api-error";
import { readLiveWorkloadOrThrow, type WriteContext } from "./read-live-workload";

/**
 * Deletes the workload (its pods go in the background, as `kubectl delete` does) and its Service (the one of the same
 * name). `confirm` is the name the user typed: deleting is not undoable, so a mismatch changes nothing.
 */
export async function deleteWorkload(context: WriteContext, name: string, confirm: string): Promise<{ ok: true }> {
  if (confirm !== name) {
    const message = `type the workload's name (${name}) to confirm the deletion`;
    throw new ApiError("validation_failed", `confirm: ${message}`, [{ field: "query.confirm", message }]);
  }
  const { tenant } = context;
  const namespace = tenant.namespace;
  const clients = clientsFor(context);
  const doing = `Deleting ${name}`;
  const live = await readLiveWorkloadOrThrow(clients, tenant, name, doing);
  try {
    if (live.kind === "Deployment") await clients.apps.deleteNamespacedDeployment({ name, namespace, propagationPolicy: "Background" });
    else await clients.apps.deleteNamespacedStatefulSet({ name, namespace, propagationPolicy: "Background" });
  } catch (error) {
    throw toApiError(error, doing);
  }
  try {
    // A workload's Service shares its name (the form makes it so, and the headless one of a StatefulSet too).
    await clients.core.deleteNamespacedService({ name, namespace });
  } catch (error) {
    if (kubernetesStatusOf(error) !== 404) throw toApiError(error, `${doing}: its Service`);
  }
  return { ok: true };
}
