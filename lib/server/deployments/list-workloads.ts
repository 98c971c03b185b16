import "server-only";
import type { ListWorkloadsQuery, WorkloadList, WorkloadSummary } from "@/lib/contracts/workloads";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";
import { toWorkloadSummary } from "./to-workload-summary";

/**
 * The tenant's Deployments and StatefulSets together, sorted by name, filtered and paginated on the server from
 * the watch cache. Only the tenant's namespace is touched, and each summary is computed once per object version,
 * so a page costs what the tenant has, not what the cluster has. The cursor is the last name of the previous page.
 */
export function listWorkloads(tenant: ResolvedTenant, query: ListWorkloadsQuery): WorkloadList {
  const cache = getSyncedWatchCacheOrThrow();
  const namespace = tenant.namespace;
  const all: WorkloadSummary[] = [];
  for (const object of cache.list("deployments", namespace)) all.push(toWorkloadSummary({ kind: "Deployment", object }));
  for (const object of cache.list("statefulsets", namespace)) all.push(toWorkloadSummary({ kind: "StatefulSet", object }));
  all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const needle = query.q?.toLowerCase();
  const matching = all.filter(
    (summary) => (!query.status || summary.state === query.status) && (!needle || summary.name.toLowerCase().includes(needle) || summary.image.toLowerCase().includes(needle)),
  );
  const cursor = query.cursor;
  const start = cursor === undefined ? 0 : matching.findIndex((summary) => summary.name > cursor);
  const items = start < 0 ? [] : matching.slice(start, start + query.limit);
  const more = start >= 0 && start + query.limit < matching.length;
  return { items, total: matching.length, nextCursor: more ? items[items.length - 1].name : null };
}
