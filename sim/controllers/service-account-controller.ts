import { StatusError, type ClusterApi, type Controller } from "../core/types";
import { createKeyedWorkQueue } from "./keyed-work-queue";

// The serviceaccounts controller (pkg/controller/serviceaccount): every active namespace has a ServiceAccount
// named `default`, recreated if deleted, because every pod that names none runs as it and admission looks it up.

export function startServiceAccountController(api: ClusterApi): Controller {
  const queue = createKeyedWorkQueue(api.clock, (namespace) => {
    const ns = api.get("namespaces", undefined, namespace);
    if (!ns || ns.metadata.deletionTimestamp || ns.status?.phase === "Terminating") return;
    if (api.get("serviceaccounts", namespace, "default")) return;
    try {
      api.create("serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace } });
    } catch (err) {
      // Someone else created it, or the namespace started terminating in between: nothing left to do.
      if (!(err instanceof StatusError && (err.code === 409 || err.code === 403))) throw err;
    }
  });
  const unsubscribes = [
    api.subscribe("namespaces", (event) => {
      if (event.type === "ADDED" || event.type === "MODIFIED") queue.add(event.object.metadata.name ?? "");
    }),
    api.subscribe("serviceaccounts", (event) => {
      if (event.type === "DELETED" && event.object.metadata.name === "default") queue.add(event.object.metadata.namespace ?? "");
    }),
  ];
  for (const ns of api.list("namespaces")) queue.add(ns.metadata.name ?? "");
  return {
    stop() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      queue.stop();
    },
  };
}
