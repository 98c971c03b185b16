// metrics.k8s.io/v1beta1 (what `kubectl top` reads), answered from the kubelets' usage model as metrics-server
// would after scraping them.
import { parseLabelSelector } from "../core/selectors";
import { StatusError, type KObject, type KubeletHub, type NodeMetricsItem, type PodMetricsItem } from "../core/types";
import type { RequestInfo } from "./request-info";

const API_VERSION = "metrics.k8s.io/v1beta1";

function podMetrics(m: PodMetricsItem, created: string): KObject {
  return {
    kind: "PodMetrics",
    apiVersion: API_VERSION,
    metadata: { name: m.name, namespace: m.namespace, creationTimestamp: created, labels: m.labels },
    timestamp: m.timestamp,
    window: m.window,
    containers: m.containers,
  };
}

function nodeMetrics(m: NodeMetricsItem, created: string): KObject {
  return { kind: "NodeMetrics", apiVersion: API_VERSION, metadata: { name: m.name, creationTimestamp: created, labels: m.labels }, timestamp: m.timestamp, window: m.window, usage: m.usage };
}

/** GET /apis/metrics.k8s.io/v1beta1/{nodes|namespaces/{ns}/pods|pods}[/{name}]. */
export function metricsResponse(hub: KubeletHub, info: RequestInfo, query: URLSearchParams, nowIso: string): KObject {
  if (info.verb !== "get" && info.verb !== "list") throw new StatusError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  if (info.subresource) throw new StatusError(404, "NotFound", "the server could not find the requested resource");
  const selector = parseLabelSelector(query.get("labelSelector") ?? undefined);
  if (info.resource === "pods") {
    const items = hub
      .podMetrics(info.namespace)
      .filter((m) => selector.matches(m.labels))
      .map((m) => podMetrics(m, nowIso));
    if (info.name) {
      const found = items.find((m) => m.metadata.name === info.name);
      if (!found) throw new StatusError(404, "NotFound", `podmetrics.metrics.k8s.io "${info.name}" not found`, { name: info.name, group: "metrics.k8s.io", kind: "pods" });
      return found;
    }
    return { kind: "PodMetricsList", apiVersion: API_VERSION, metadata: {}, items };
  }
  if (info.resource === "nodes" && !info.namespace) {
    const items = hub
      .nodeMetrics()
      .filter((m) => selector.matches(m.labels))
      .map((m) => nodeMetrics(m, nowIso));
    if (info.name) {
      const found = items.find((m) => m.metadata.name === info.name);
      if (!found) throw new StatusError(404, "NotFound", `nodemetrics.metrics.k8s.io "${info.name}" not found`, { name: info.name, group: "metrics.k8s.io", kind: "nodes" });
      return found;
    }
    return { kind: "NodeMetricsList", apiVersion: API_VERSION, metadata: {}, items };
  }
  throw new StatusError(404, "NotFound", "the server could not find the requested resource");
}
