import { RESOURCES } from "../core/resources";
import { StatusError, type ClusterApi, type Controller, type KObject, type WriteOptions } from "../core/types";
import { createKeyedWorkQueue } from "./keyed-work-queue";

// The namespace controller (pkg/controller/namespace): `kubectl delete ns t-a` only marks the namespace
// Terminating; this deletes everything in it, waits until it is all gone (pods finish their grace period),
// removes the `kubernetes` finalizer through the finalize subresource and deletes the namespace again so
// the API layer can remove it. Meanwhile it reports progress in the namespace's status conditions, worded
// as the real controller words them, because `kubectl describe ns` is how people find out what is stuck.
// It also makes sure the namespaces every cluster starts with exist.

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

const NAMESPACED = RESOURCES.filter((info) => info.namespaced && info.verbs.includes("delete") && info.verbs.includes("list"));

/** Simulated ms between re-checks of a namespace whose content is still going away. */
const RECHECK_MS = 2_000;

function ignoreGone(err: unknown) {
  if (!(err instanceof StatusError && (err.code === 404 || err.code === 409))) throw err;
}

interface Remaining {
  /** "pods" / "deployments.apps" → objects still present. */
  resources: Map<string, number>;
  /** finalizer → objects carrying it. */
  finalizers: Map<string, number>;
}

function deletionConditions(remaining: Remaining) {
  const resources = [...remaining.resources].map(([resource, count]) => `${resource} has ${count} resource instances`).sort();
  const finalizers = [...remaining.finalizers].map(([finalizer, count]) => `${finalizer} in ${count} resource instances`).sort();
  return [
    { type: "NamespaceDeletionDiscoveryFailure", status: "False", reason: "ResourcesDiscovered", message: "All resources successfully discovered" },
    { type: "NamespaceDeletionGroupVersionParsingFailure", status: "False", reason: "ParsedGroupVersions", message: "All legacy kube types successfully parsed" },
    { type: "NamespaceDeletionContentFailure", status: "False", reason: "ContentDeleted", message: "All content successfully deleted, may be waiting on finalization" },
    resources.length
      ? { type: "NamespaceContentRemaining", status: "True", reason: "SomeResourcesRemain", message: `Some resources are remaining: ${resources.join(", ")}` }
      : { type: "NamespaceContentRemaining", status: "False", reason: "ContentRemoved", message: "All content successfully removed" },
    finalizers.length
      ? { type: "NamespaceFinalizersRemaining", status: "True", reason: "SomeFinalizersRemain", message: `Some content in the namespace has finalizers remaining: ${finalizers.join(", ")}` }
      : { type: "NamespaceFinalizersRemaining", status: "False", reason: "ContentHasNoFinalizers", message: "All content-preserving finalizers finished" },
  ];
}

export function startNamespaceController(api: ClusterApi): Controller {
  const terminating = new Set<string>();

  for (const name of SYSTEM_NAMESPACES) {
    if (api.get("namespaces", undefined, name)) continue;
    try {
      api.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "kubernetes.io/metadata.name": name } } });
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 409)) throw err;
    }
  }

  /** Deletes what is left in the namespace and reports what still exists. */
  function deleteContent(namespace: string): Remaining {
    const remaining: Remaining = { resources: new Map(), finalizers: new Map() };
    const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    for (const info of NAMESPACED) {
      const label = info.group ? `${info.resource}.${info.group}` : info.resource;
      let items: KObject[];
      try {
        items = api.list(info.resource, { namespace });
      } catch {
        continue; // not served by this API layer
      }
      for (const item of items) {
        let left: KObject | undefined = item;
        if (!item.metadata.deletionTimestamp) {
          try {
            left = api.delete(info.resource, namespace, item.metadata.name ?? "", { propagationPolicy: "Background", preconditions: { uid: item.metadata.uid } });
          } catch (err) {
            ignoreGone(err);
            left = undefined;
          }
        }
        if (!left) continue;
        count(remaining.resources, label);
        for (const finalizer of left.metadata.finalizers ?? []) count(remaining.finalizers, finalizer);
      }
    }
    return remaining;
  }

  function reportProgress(ns: KObject, remaining: Remaining): KObject {
    const now = new Date(api.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
    const previous: any[] = ns.status?.conditions ?? [];
    let changed = false;
    const current = deletionConditions(remaining).map((c) => {
      const old = previous.find((p) => p.type === c.type);
      if (old && old.status === c.status && old.reason === c.reason && old.message === c.message) return old;
      changed = true;
      return { ...c, lastTransitionTime: old?.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now };
    });
    if (!changed) return ns;
    const types = new Set(current.map((c) => c.type));
    const conditions = [...previous.filter((p) => !types.has(p.type)), ...current];
    try {
      return api.update("namespaces", { ...ns, status: { ...ns.status, conditions } }, { subresource: "status" });
    } catch (err) {
      ignoreGone(err);
      return ns;
    }
  }

  const queue = createKeyedWorkQueue(api.clock, (name) => {
    let ns = api.get("namespaces", undefined, name);
    if (!ns?.metadata.deletionTimestamp) {
      terminating.delete(name);
      return;
    }
    terminating.add(name);
    const remaining = deleteContent(name);
    ns = reportProgress(api.get("namespaces", undefined, name) ?? ns, remaining);
    if (remaining.resources.size > 0) {
      queue.addAfter(name, RECHECK_MS);
      return;
    }
    let current: KObject | undefined = ns;
    if ((ns.spec?.finalizers ?? []).includes("kubernetes")) {
      const finalizers = (ns.spec.finalizers as string[]).filter((f) => f !== "kubernetes");
      // "finalize" is a namespaces-only subresource, outside WriteOptions' common list.
      const opts = { subresource: "finalize" } as unknown as WriteOptions;
      try {
        current = api.update("namespaces", { ...ns, spec: { ...ns.spec, finalizers } }, opts);
      } catch (err) {
        ignoreGone(err);
        return;
      }
    }
    if (current && (current.spec?.finalizers ?? []).includes("kubernetes")) {
      // Thrown so the queue retries with backoff and finally logs it instead of leaving the namespace stuck silently.
      throw new Error(`namespace ${name}: the finalize subresource left spec.finalizers ${JSON.stringify(current.spec.finalizers)}`);
    }
    if (current && api.get("namespaces", undefined, name) && (current.spec?.finalizers ?? []).length === 0 && (current.metadata.finalizers ?? []).length === 0) {
      try {
        api.delete("namespaces", undefined, name);
      } catch (err) {
        ignoreGone(err);
      }
    }
  });

  const unsubscribes = [
    api.subscribe("namespaces", (event) => {
      const name = event.object.metadata.name ?? "";
      if (event.type === "DELETED") terminating.delete(name);
      else if (event.object.metadata.deletionTimestamp && event.old?.metadata.deletionTimestamp === undefined) queue.add(name);
      else if (event.object.metadata.deletionTimestamp && !terminating.has(name)) queue.add(name);
    }),
    // Each object that finally goes may be the last one holding its namespace back.
    ...NAMESPACED.map((info) =>
      api.subscribe(info.resource, (event) => {
        const namespace = event.object.metadata.namespace;
        if (event.type === "DELETED" && namespace && terminating.has(namespace)) queue.add(namespace);
      }),
    ),
  ];
  for (const ns of api.list("namespaces")) if (ns.metadata.deletionTimestamp) queue.add(ns.metadata.name ?? "");

  return {
    stop() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      queue.stop();
    },
  };
}
