import type { TenantChangeNotice, WorkloadList, WorkloadState } from "@/lib/contracts/workloads";

/** The parameters of one cached list page, as they sit in its query key (queryKeys.workloads.list). */
export type WorkloadListParams = { q: string; status: string; cursor: string | null; limit: number };

function matches(params: WorkloadListParams, name: string, image: string, state: WorkloadState): boolean {
  if (params.status && params.status !== state) return false;
  const q = params.q.trim().toLowerCase();
  return !q || name.toLowerCase().includes(q) || image.toLowerCase().includes(q);
}

/**
 * One cached list page after a workload notice, without a request: the item is replaced by the notice's summary,
 * or dropped when the workload was deleted or no longer matches the page's filter. A workload that is new to this
 * page is not inserted (where it belongs depends on the server's order and cursor), so `missing` tells the caller
 * to refetch the page instead. Pages the notice does not touch come back as the same object.
 */
export function mergeWorkloadNotice(
  list: WorkloadList,
  params: WorkloadListParams,
  notice: TenantChangeNotice,
): { list: WorkloadList; missing: boolean } {
  if (notice.resource !== "workload" || !notice.name) return { list, missing: false };
  const name = notice.name;
  const index = list.items.findIndex((item) => item.name === name);
  if (notice.type === "DELETED") {
    if (index < 0) return { list, missing: false };
    return { list: { ...list, items: list.items.filter((_, i) => i !== index), total: Math.max(0, list.total - 1) }, missing: false };
  }
  const summary = notice.summary;
  if (!summary) return { list, missing: index >= 0 };
  const belongs = matches(params, summary.name, summary.image, summary.state);
  if (index < 0) return { list, missing: belongs && params.cursor === null };
  if (!belongs) return { list: { ...list, items: list.items.filter((_, i) => i !== index), total: Math.max(0, list.total - 1) }, missing: false };
  const items = list.items.slice();
  items[index] = summary;
  return { list: { ...list, items }, missing: false };
}
