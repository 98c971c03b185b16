import "server-only";
import { apiaryClients, type ClusterClients } from "@/lib/server/kubernetes/cluster-clients";
import { getWatchCache } from "@/lib/server/kubernetes/get-watch-cache";
import { kubernetesStatusOf } from "@/lib/server/kubernetes/to-api-error";
import type { CachedKindObject, WatchCache } from "@/lib/server/kubernetes/watch-cache";
import { logger } from "@/lib/server/logger";
import { pointer } from "./read-live-workload";
import { CANARY_ANNOTATION, CANARY_PAUSED_ANNOTATION } from "./rollout-actions";

// Canary upgrades: a Deployment carrying apiary.io/canary-pause-after=N is paused once its controller has seen the
// new template (observedGeneration ≥ generation) and N pods run it (updatedReplicas ≥ N). Pausing and clearing the
// annotation are one JSON patch guarded by a `test` of the annotation, so with several servers watching, exactly
// one patch applies and the others fail their test harmlessly; a pause already made is never made twice.

type Deployment = CachedKindObject<"deployments">;

/** The N of a pending canary whose pause is due now, or null. */
export function canaryPauseDue(deployment: Deployment): string | null {
  const value = deployment.metadata?.annotations?.[CANARY_ANNOTATION];
  if (value === undefined || deployment.spec?.paused) return null;
  const pauseAfter = Number(value);
  const generation = deployment.metadata?.generation ?? 0;
  const observed = deployment.status?.observedGeneration ?? 0;
  if (!Number.isInteger(pauseAfter) || observed < generation) return null;
  return (deployment.status?.updatedReplicas ?? 0) >= pauseAfter ? value : null;
}

const KEY = Symbol.for("apiary.canaryController");
type Holder = { [KEY]?: () => void };

/** Starts the controller once per process (boot-server); returns its stop function. Uses Apiary's own credentials. */
export function startCanaryController(cache: WatchCache = getWatchCache(), clients: ClusterClients = apiaryClients()): () => void {
  const holder = globalThis as Holder;
  if (holder[KEY]) return holder[KEY];
  const inFlight = new Set<string>();

  const consider = (deployment: Deployment) => {
    const value = canaryPauseDue(deployment);
    const namespace = deployment.metadata?.namespace;
    const name = deployment.metadata?.name;
    if (value === null || !namespace || !name) return;
    const key = `${namespace}/${name}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    const annotation = `/metadata/annotations/${pointer(CANARY_ANNOTATION)}`;
    const patch = [
      { op: "test", path: annotation, value },
      { op: "remove", path: annotation },
      { op: "add", path: `/metadata/annotations/${pointer(CANARY_PAUSED_ANNOTATION)}`, value },
      { op: "add", path: "/spec/paused", value: true },
    ];
    clients.apps
      .patchNamespacedDeployment({ name, namespace, body: patch })
      .then(() => logger().info({ namespace, name, pauseAfter: value }, "canary rollout paused"))
      .catch((error: unknown) => {
        // 422: the test failed because another server (or a resume) got there first; 404: deleted meanwhile.
        const status = kubernetesStatusOf(error);
        if (status !== 422 && status !== 404) logger().warn({ err: error, namespace, name }, "could not pause a canary rollout; the next change retries");
      })
      .finally(() => inFlight.delete(key));
  };

  const unsubscribe = cache.subscribe((change) => {
    if (change.kind === "deployments" && change.type !== "DELETED") consider(change.object);
  });
  // Canaries that came due while no server was watching.
  cache
    .ready()
    .then(() => cache.listAll("deployments").forEach(consider))
    .catch(() => undefined);
  const stop = () => {
    unsubscribe();
    holder[KEY] = undefined;
  };
  holder[KEY] = stop;
  return stop;
}
