import { QueryClient, type QueryKey } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";

import { queryKeys } from "@/lib/client/query-keys";
import { acquireTenantStream, applyTenantNotice, createKeyThrottle, tenantStreamStatus } from "@/lib/client/use-tenant-changes";
import type { TenantChangeNotice, WorkloadList, WorkloadSummary } from "@/lib/contracts/workloads";

function summary(name: string, overrides: Partial<WorkloadSummary> = {}): WorkloadSummary {
  return {
    name,
    kind: "Deployment",
    image: `acme/${name}:v1`,
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

const page = { q: "", status: "", cursor: null, limit: 25 };
const failedPage = { q: "", status: "failed", cursor: null, limit: 25 };

function setup() {
  const client = new QueryClient();
  client.setQueryData<WorkloadList>(queryKeys.workloads.list("acme", page), { items: [summary("web"), summary("api")], total: 2, nextCursor: null });
  client.setQueryData<WorkloadList>(queryKeys.workloads.list("acme", failedPage), { items: [], total: 0, nextCursor: null });
  client.setQueryData<WorkloadList>(queryKeys.workloads.list("other", page), { items: [summary("web")], total: 1, nextCursor: null });
  const invalidated: QueryKey[] = [];
  return { client, invalidated, invalidate: (key: QueryKey) => invalidated.push(key) };
}

const notice = (overrides: Partial<TenantChangeNotice>): TenantChangeNotice => ({ id: "7", type: "MODIFIED", resource: "workload", name: "web", workload: "web", ...overrides });

describe("applyTenantNotice", () => {
  it("patches the workload into every cached list page of the tenant and refreshes its detail", () => {
    const { client, invalidated, invalidate } = setup();
    const progressing = summary("web", { state: "progressing", replicas: { desired: 2, updated: 1, ready: 2, available: 2, total: 3 } });
    applyTenantNotice(client, "acme", notice({ summary: progressing }), invalidate);
    expect(client.getQueryData<WorkloadList>(queryKeys.workloads.list("acme", page))?.items[0]).toEqual(progressing);
    // Another tenant's cache is not touched, and a page filtered to "failed" does not get a progressing workload.
    expect(client.getQueryData<WorkloadList>(queryKeys.workloads.list("other", page))?.items[0]?.state).toBe("available");
    expect(client.getQueryData<WorkloadList>(queryKeys.workloads.list("acme", failedPage))?.items).toEqual([]);
    expect(invalidated).toEqual([queryKeys.workloads.one("acme", "web")]);
  });

  it("shows the notice's counts on a cached workload page at once, keeping the detail-only fields", () => {
    const { client, invalidate } = setup();
    const detail = { ...summary("web"), paused: false, replicaSets: [], conditions: [], service: null, rolloutStartedAt: null };
    client.setQueryData(queryKeys.workloads.detail("acme", "web"), detail);
    const replicas = { desired: 2, updated: 1, ready: 1, available: 1, total: 3 };
    applyTenantNotice(client, "acme", notice({ summary: summary("web", { state: "progressing", replicas }) }), invalidate);
    expect(client.getQueryData(queryKeys.workloads.detail("acme", "web"))).toEqual({ ...detail, state: "progressing", replicas });
  });

  it("removes a deleted workload from the lists", () => {
    const { client, invalidate } = setup();
    applyTenantNotice(client, "acme", notice({ type: "DELETED" }), invalidate);
    expect(client.getQueryData<WorkloadList>(queryKeys.workloads.list("acme", page))?.items.map((item) => item.name)).toEqual(["api"]);
  });

  it("refreshes the billing screens when the balance changed (a top-up or a charge, on any replica)", () => {
    const { client, invalidated, invalidate } = setup();
    applyTenantNotice(client, "acme", { id: "10", type: "MODIFIED", resource: "balance", name: null, workload: null }, invalidate);
    expect(invalidated).toEqual([queryKeys.billing.all("acme")]);
  });

  it("refreshes the workload a pod or event belongs to, and everything after a resync", () => {
    const { client, invalidated, invalidate } = setup();
    applyTenantNotice(client, "acme", notice({ resource: "pod", name: "web-7c9d-x2", workload: "web" }), invalidate);
    applyTenantNotice(client, "acme", notice({ resource: "event", name: "web.17a", workload: "api" }), invalidate);
    applyTenantNotice(client, "acme", { id: "9", type: "resync", resource: null, name: null, workload: null }, invalidate);
    expect(invalidated).toEqual([queryKeys.workloads.one("acme", "web"), queryKeys.workloads.one("acme", "api"), queryKeys.workloads.all("acme")]);
  });

  it("refetches the lists when a new workload appears that a first page would show", () => {
    const { client, invalidated, invalidate } = setup();
    applyTenantNotice(client, "acme", notice({ type: "ADDED", name: "worker", workload: "worker", summary: summary("worker") }), invalidate);
    expect(invalidated).toContainEqual(queryKeys.workloads.lists("acme"));
  });
});

describe("createKeyThrottle", () => {
  afterEach(() => vi.useRealTimers());

  it("runs a burst for one key at once and once more at the end of the window, other keys independently", () => {
    vi.useFakeTimers();
    const runs: string[] = [];
    const throttle = createKeyThrottle((key) => runs.push(String(key[0])), 300);
    throttle.request(["a"]);
    throttle.request(["a"]);
    throttle.request(["a"]);
    throttle.request(["b"]);
    expect(runs).toEqual(["a", "b"]);
    vi.advanceTimersByTime(300);
    expect(runs).toEqual(["a", "b", "a"]);
    vi.advanceTimersByTime(300);
    expect(runs).toEqual(["a", "b", "a"]);
    throttle.request(["a"]);
    expect(runs).toEqual(["a", "b", "a", "a"]);
    throttle.dispose();
  });
});

/** Enough of the browser's EventSource to drive the shared connection: open, message, error. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.();
  }
  send(notice: TenantChangeNotice) {
    this.onmessage?.({ data: JSON.stringify(notice) });
  }
  fail(closed: boolean) {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.onerror?.();
  }
  close() {
    this.closed = true;
    this.readyState = FakeEventSource.CLOSED;
  }
}

describe("acquireTenantStream", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
    FakeEventSource.instances = [];
  });

  it("shares one EventSource per tenant between screens and closes it when the last one leaves", () => {
    vi.stubGlobal("EventSource", FakeEventSource);
    const { client } = setup();
    const releaseList = acquireTenantStream("acme", client);
    const releaseDetail = acquireTenantStream("acme", client);
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.instances[0]!.url).toBe("/api/v1/tenants/acme/events");
    expect(tenantStreamStatus("acme")).toBe("connecting");

    const source = FakeEventSource.instances[0]!;
    source.open();
    expect(tenantStreamStatus("acme")).toBe("live");
    source.send(notice({ summary: summary("web", { state: "failed", reason: "ProgressDeadlineExceeded" }) }));
    expect(client.getQueryData<WorkloadList>(queryKeys.workloads.list("acme", page))?.items[0]?.state).toBe("failed");

    // A dropped connection that the browser retries by itself (sending Last-Event-ID) shows as reconnecting.
    source.fail(false);
    expect(tenantStreamStatus("acme")).toBe("reconnecting");
    source.open();

    releaseList();
    expect(source.closed).toBe(false);
    releaseDetail();
    expect(source.closed).toBe(true);
    expect(tenantStreamStatus("acme")).toBe("idle");
  });

  it("opens a new stream after the browser gives up, and refetches what is shown since notices may be lost", () => {
    vi.useFakeTimers();
    vi.stubGlobal("EventSource", FakeEventSource);
    const { client } = setup();
    const release = acquireTenantStream("acme", client);
    const first = FakeEventSource.instances[0]!;
    first.open();
    first.fail(true);
    expect(FakeEventSource.instances).toHaveLength(1);
    vi.advanceTimersByTime(5_000);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(client.getQueryState(queryKeys.workloads.list("acme", page))?.isInvalidated).toBe(false);
    FakeEventSource.instances[1]!.open();
    expect(client.getQueryState(queryKeys.workloads.list("acme", page))?.isInvalidated).toBe(true);
    release();
  });
});
