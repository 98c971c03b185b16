import { describe, expect, it } from "vitest";

import { mergeWorkloadNotice, type WorkloadListParams } from "@/lib/client/merge-workload-notice";
import type { TenantChangeNotice, WorkloadList, WorkloadSummary } from "@/lib/contracts/workloads";

function summary(name: string, overrides: Partial<WorkloadSummary> = {}): WorkloadSummary {
  return {
    name,
    kind: "Deployment",
    image: `registry.local/acme/${name}:v1`,
    state: "available",
    reason: null,
    message: null,
    replicas: { desired: 2, updated: 2, ready: 2, available: 2, total: 2 },
    revision: 1,
    cpuRequestMillicores: 250,
    memoryRequestMiB: 512,
    size: "xs",
    createdAt: "2026-11-25T09:00:00.000Z",
    canaryPauseAfter: null,
    ...overrides,
  };
}

const all: WorkloadListParams = { q: "", status: "", cursor: null, limit: 25 };
const list: WorkloadList = { items: [summary("api"), summary("web")], total: 2, nextCursor: null };

function notice(overrides: Partial<TenantChangeNotice>): TenantChangeNotice {
  return { id: "1", type: "MODIFIED", resource: "workload", name: "web", workload: "web", ...overrides };
}

describe("mergeWorkloadNotice", () => {
  it("replaces the workload's row with the notice's summary, keeping the others and their order", () => {
    const progressing = summary("web", { state: "progressing", replicas: { desired: 2, updated: 1, ready: 2, available: 2, total: 3 } });
    const result = mergeWorkloadNotice(list, all, notice({ summary: progressing }));
    expect(result.missing).toBe(false);
    expect(result.list.items.map((item) => item.name)).toEqual(["api", "web"]);
    expect(result.list.items[1]).toEqual(progressing);
    expect(result.list.items[0]).toBe(list.items[0]);
  });

  it("removes a deleted workload and counts one fewer", () => {
    const result = mergeWorkloadNotice(list, all, notice({ type: "DELETED" }));
    expect(result.list.items.map((item) => item.name)).toEqual(["api"]);
    expect(result.list.total).toBe(1);
  });

  it("drops a workload from a page filtered by state once it leaves that state", () => {
    const failedOnly = { ...all, status: "failed" };
    const failedList: WorkloadList = { items: [summary("web", { state: "failed" })], total: 1, nextCursor: null };
    const result = mergeWorkloadNotice(failedList, failedOnly, notice({ summary: summary("web") }));
    expect(result.list.items).toEqual([]);
    expect(result.list.total).toBe(0);
  });

  it("asks for a refetch of the first page when a new matching workload appears, and leaves other pages alone", () => {
    const added = notice({ type: "ADDED", name: "worker", workload: "worker", summary: summary("worker") });
    expect(mergeWorkloadNotice(list, all, added)).toEqual({ list, missing: true });
    expect(mergeWorkloadNotice(list, { ...all, q: "web" }, added).missing).toBe(false);
    expect(mergeWorkloadNotice(list, { ...all, cursor: "25" }, added).missing).toBe(false);
  });

  it("leaves the page untouched for pod and event notices", () => {
    const pod = notice({ resource: "pod", name: "web-7c9d-x2" });
    expect(mergeWorkloadNotice(list, all, pod).list).toBe(list);
  });
});
