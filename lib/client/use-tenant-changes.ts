"use client";

import { useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";

import { mergeWorkloadNotice, type WorkloadListParams } from "@/lib/client/merge-workload-notice";
import { queryKeys } from "@/lib/client/query-keys";
import { buildApiUrl } from "@/lib/client/api-client";
import { tenantEventsOperation, TenantChangeNotice, type WorkloadDetail, type WorkloadList } from "@/lib/contracts/workloads";

/** "connecting" before the first open, "live" while open, "reconnecting" after a drop until it opens again. */
export type StreamStatus = "idle" | "connecting" | "live" | "reconnecting";

/** At most one refetch of the same key per window: a rollout of 30 pods sends a burst of notices. */
export const INVALIDATE_WINDOW_MS = 300;
/** When the browser gives up on the stream (an HTTP error, not a drop), Apiary opens a new one after this long. */
const REOPEN_AFTER_MS = 5_000;

/**
 * Calls `run(key)` at once for a key not seen in the last window, and once more at the end of the window if the
 * key was asked for again meanwhile, so the last change is never lost and a burst costs two requests.
 */
export function createKeyThrottle(run: (key: QueryKey) => void, windowMs: number) {
  const windows = new Map<string, { pending: boolean; key: QueryKey; timer: ReturnType<typeof setTimeout> }>();
  function open(id: string, key: QueryKey) {
    const timer = setTimeout(() => {
      const entry = windows.get(id);
      windows.delete(id);
      if (entry?.pending) {
        run(entry.key);
        open(id, entry.key);
      }
    }, windowMs);
    windows.set(id, { pending: false, key, timer });
  }
  return {
    request(key: QueryKey) {
      const id = JSON.stringify(key);
      const entry = windows.get(id);
      if (entry) {
        entry.pending = true;
        return;
      }
      run(key);
      open(id, key);
    },
    dispose() {
      for (const entry of windows.values()) clearTimeout(entry.timer);
      windows.clear();
    },
  };
}

/** Applies one notice to the query cache: lists are patched in place, the rest is invalidated (throttled). */
export function applyTenantNotice(queryClient: QueryClient, tenant: string, notice: TenantChangeNotice, invalidate: (key: QueryKey) => void) {
  if (notice.type === "resync") {
    invalidate(queryKeys.workloads.all(tenant));
    return;
  }
  if (notice.resource === "balance") {
    // A top-up, a voucher or a charge, made on whichever replica: the balance, the transactions and the usage refetch.
    invalidate(queryKeys.billing.all(tenant));
    return;
  }
  if (notice.resource === "workload" && notice.name) {
    let missing = false;
    for (const [key, list] of queryClient.getQueriesData<WorkloadList>({ queryKey: queryKeys.workloads.lists(tenant) })) {
      if (!list) continue;
      const params = key[4] as WorkloadListParams | undefined;
      if (!params) continue;
      const merged = mergeWorkloadNotice(list, params, notice);
      if (merged.list !== list) queryClient.setQueryData(key, merged.list);
      missing ||= merged.missing;
    }
    if (missing) invalidate(queryKeys.workloads.lists(tenant));
    // The summary's counts and state show at once on the workload's page; the rest of the detail (ReplicaSets,
    // conditions) follows with the throttled refetch.
    const summary = notice.summary;
    if (summary && notice.type !== "DELETED") {
      queryClient.setQueryData<WorkloadDetail>(queryKeys.workloads.detail(tenant, notice.name), (detail) => (detail ? { ...detail, ...summary } : detail));
    }
    invalidate(queryKeys.workloads.one(tenant, notice.name));
    return;
  }
  const workload = notice.workload;
  if (workload) invalidate(queryKeys.workloads.one(tenant, workload));
}

type Connection = {
  tenant: string;
  refs: number;
  status: StreamStatus;
  source: EventSource | null;
  reopenTimer: ReturnType<typeof setTimeout> | null;
  throttle: ReturnType<typeof createKeyThrottle>;
  /** Set once the stream has been open, so a later reopen knows notices may have been missed. */
  wasOpen: boolean;
};

// One EventSource per tenant per tab, shared by every screen that mounts the hook (reference counted).
const connections = new Map<string, Connection>();
// Who reads a tenant's stream status; kept apart from the connection, which comes and goes.
const statusListeners = new Map<string, Set<() => void>>();

function notify(tenant: string) {
  for (const listener of statusListeners.get(tenant) ?? []) listener();
}

function setStatus(connection: Connection, status: StreamStatus) {
  if (connection.status === status) return;
  connection.status = status;
  notify(connection.tenant);
}

function openSource(tenant: string, connection: Connection, queryClient: QueryClient) {
  const url = buildApiUrl(tenantEventsOperation.path, { tenant });
  const source = new EventSource(url, { withCredentials: true });
  connection.source = source;
  source.onopen = () => {
    // A fresh EventSource (after the browser gave up) sends no Last-Event-ID: refetch what is shown.
    if (connection.wasOpen && connection.status !== "live") connection.throttle.request(queryKeys.workloads.all(tenant));
    connection.wasOpen = true;
    setStatus(connection, "live");
  };
  source.onmessage = (event: MessageEvent<string>) => {
    let payload: unknown;
    try {
      payload = JSON.parse(event.data);
    } catch {
      return;
    }
    const parsed = TenantChangeNotice.safeParse(payload);
    if (parsed.success) applyTenantNotice(queryClient, tenant, parsed.data, connection.throttle.request);
  };
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) {
      // The browser does not retry after an HTTP error; Apiary does, a little later.
      source.close();
      connection.source = null;
      connection.reopenTimer = setTimeout(() => {
        connection.reopenTimer = null;
        if (connection.refs > 0) openSource(tenant, connection, queryClient);
      }, REOPEN_AFTER_MS);
    }
    setStatus(connection, connection.wasOpen ? "reconnecting" : "connecting");
  };
}

/**
 * Holds the tenant's shared stream open (opening it for the first holder) and returns the release; the last
 * release closes it. What the hook does on mount and unmount.
 */
export function acquireTenantStream(tenant: string, queryClient: QueryClient): () => void {
  let connection = connections.get(tenant);
  if (!connection) {
    connection = {
      tenant,
      refs: 0,
      status: "connecting",
      source: null,
      reopenTimer: null,
      throttle: createKeyThrottle((key) => void queryClient.invalidateQueries({ queryKey: key }), INVALIDATE_WINDOW_MS),
      wasOpen: false,
    };
    connections.set(tenant, connection);
    openSource(tenant, connection, queryClient);
    notify(tenant);
  }
  connection.refs++;
  const held = connection;
  return () => {
    held.refs--;
    if (held.refs > 0) return;
    held.source?.close();
    if (held.reopenTimer) clearTimeout(held.reopenTimer);
    held.throttle.dispose();
    connections.delete(tenant);
    notify(tenant);
  };
}

function subscribe(tenant: string, listener: () => void): () => void {
  let listeners = statusListeners.get(tenant);
  if (!listeners) statusListeners.set(tenant, (listeners = new Set()));
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) statusListeners.delete(tenant);
  };
}

/** The state of the tenant's change stream, without opening it (queries use it to decide whether to poll). */
export function tenantStreamStatus(tenant: string): StreamStatus {
  return connections.get(tenant)?.status ?? "idle";
}

export function useTenantStreamStatus(tenant: string): StreamStatus {
  return useSyncExternalStore(
    (listener) => subscribe(tenant, listener),
    () => tenantStreamStatus(tenant),
    () => "idle",
  );
}

/**
 * Keeps the tenant's workload queries current from its change stream (`…/events`, Server-Sent Events): mount it
 * on every screen that shows workloads. Screens share one EventSource per tenant; the browser reconnects after a
 * drop and sends Last-Event-ID, and a `resync` notice refetches everything shown. Returns the stream's status.
 */
export function useTenantChanges(tenant: string): StreamStatus {
  const queryClient = useQueryClient();
  useEffect(() => acquireTenantStream(tenant, queryClient), [tenant, queryClient]);
  return useTenantStreamStatus(tenant);
}
