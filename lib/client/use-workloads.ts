import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { apiFetch, ApiRequestError, buildApiUrl, toApiRequestError } from "@/lib/client/api-client";
import { queryKeys } from "@/lib/client/query-keys";
import { useTenantStreamStatus } from "@/lib/client/use-tenant-changes";
import {
  createWorkloadOperation,
  deleteWorkloadOperation,
  getWorkloadOperation,
  listWorkloadEventsOperation,
  listWorkloadPodsOperation,
  listWorkloadRevisionsOperation,
  listWorkloadsOperation,
  pauseRolloutOperation,
  restartRolloutOperation,
  resumeRolloutOperation,
  startRolloutOperation,
  undoRolloutOperation,
  updateWorkloadOperation,
  workloadLogsOperation,
  WorkloadLogLine,
  type StartRolloutRequest,
  type UpdateWorkloadRequest,
  type WorkloadDetail,
  type WorkloadManifestPreview,
  type WorkloadSpec,
  type WorkloadState,
} from "@/lib/contracts/workloads";

export type WorkloadListQuery = { q: string; status: WorkloadState | ""; cursor: string | null; limit: number };

/** While the change stream is down, a workload that is still rolling polls this often; otherwise nothing polls. */
export const FALLBACK_POLL_MS = 5_000;

/** One page of the tenant's workloads. The change stream keeps it current; it polls only while the stream is down. */
export function useWorkloads(tenant: string, query: WorkloadListQuery) {
  const stream = useTenantStreamStatus(tenant);
  return useQuery({
    queryKey: queryKeys.workloads.list(tenant, query),
    queryFn: ({ signal }) =>
      apiFetch(listWorkloadsOperation, {
        params: { tenant },
        query: { q: query.q.trim() || undefined, status: query.status || undefined, cursor: query.cursor, limit: query.limit },
        signal,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) =>
      stream !== "live" && q.state.data?.items.some((item) => item.state === "progressing") ? FALLBACK_POLL_MS : false,
  });
}

function pollWhileRolling(stream: string, detail: WorkloadDetail | undefined): number | false {
  return stream !== "live" && detail?.state === "progressing" ? FALLBACK_POLL_MS : false;
}

export function useWorkload(tenant: string, name: string) {
  const stream = useTenantStreamStatus(tenant);
  return useQuery({
    queryKey: queryKeys.workloads.detail(tenant, name),
    queryFn: ({ signal }) => apiFetch(getWorkloadOperation, { params: { tenant, name }, signal }),
    refetchInterval: (q) => pollWhileRolling(stream, q.state.data),
    // A 404 will not turn into a workload by asking again.
    retry: (count, error) => !(error instanceof ApiRequestError && (error.status === 404 || error.status === 403)) && count < 2,
  });
}

/** Pods and events poll together with the cached detail while the stream is down (re-read after every fetch). */
function useDetailPoll(tenant: string, name: string): () => number | false {
  const stream = useTenantStreamStatus(tenant);
  const queryClient = useQueryClient();
  return () => pollWhileRolling(stream, queryClient.getQueryData<WorkloadDetail>(queryKeys.workloads.detail(tenant, name)));
}

export function useWorkloadPods(tenant: string, name: string) {
  const poll = useDetailPoll(tenant, name);
  return useQuery({
    queryKey: queryKeys.workloads.pods(tenant, name),
    queryFn: ({ signal }) => apiFetch(listWorkloadPodsOperation, { params: { tenant, name }, signal }),
    refetchInterval: poll,
  });
}

export function useWorkloadEvents(tenant: string, name: string) {
  const poll = useDetailPoll(tenant, name);
  return useQuery({
    queryKey: queryKeys.workloads.events(tenant, name),
    queryFn: ({ signal }) => apiFetch(listWorkloadEventsOperation, { params: { tenant, name }, signal }),
    refetchInterval: poll,
  });
}

export function useWorkloadRevisions(tenant: string, name: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.workloads.revisions(tenant, name),
    queryFn: ({ signal }) => apiFetch(listWorkloadRevisionsOperation, { params: { tenant, name }, signal }),
    enabled,
  });
}

/** A write answered with the workload: the detail is known at once, the lists catch up from the stream or a refetch. */
function storeDetail(queryClient: QueryClient, tenant: string, detail: WorkloadDetail) {
  queryClient.setQueryData(queryKeys.workloads.detail(tenant, detail.name), detail);
  void queryClient.invalidateQueries({ queryKey: queryKeys.workloads.lists(tenant) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.workloads.one(tenant, detail.name), predicate: (q) => q.queryKey.at(-1) !== "detail" });
}

function isPreview(result: WorkloadDetail | WorkloadManifestPreview): result is WorkloadManifestPreview {
  return "yaml" in result && !("name" in result);
}

export type WorkloadSource = { spec: WorkloadSpec } | { yaml: string };

/** Deploy from the form's spec or from edited YAML. */
export function useCreateWorkload(tenant: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: WorkloadSource): Promise<WorkloadDetail> => {
      const result = await apiFetch(createWorkloadOperation, { params: { tenant }, query: { dryRun: "false" }, body });
      if (isPreview(result)) throw new ApiRequestError({ code: "invalid_response", message: "The server answered a create with a preview.", status: 200 });
      return result;
    },
    onSuccess: (detail) => storeDetail(queryClient, tenant, detail),
  });
}

/** A server-side dry run: the YAML the server would apply for a spec (or for edited YAML), with its warnings. */
export function usePreviewWorkload(tenant: string) {
  return useMutation({
    mutationFn: async (body: WorkloadSource): Promise<WorkloadManifestPreview> => {
      const result = await apiFetch(createWorkloadOperation, { params: { tenant }, query: { dryRun: "true" }, body });
      if (!isPreview(result)) throw new ApiRequestError({ code: "invalid_response", message: "The server answered a dry run without YAML.", status: 200 });
      return result;
    },
  });
}

/** Scale (`replicas`) or edit (`spec` or `yaml`). */
export function useUpdateWorkload(tenant: string, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateWorkloadRequest) => apiFetch(updateWorkloadOperation, { params: { tenant, name }, body }),
    onSuccess: (detail) => storeDetail(queryClient, tenant, detail),
  });
}

export function useDeleteWorkload(tenant: string, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (confirm: string) => apiFetch(deleteWorkloadOperation, { params: { tenant, name }, query: { confirm } }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: queryKeys.workloads.one(tenant, name) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.workloads.lists(tenant) });
    },
  });
}

export type RolloutAction =
  | { action: "start"; body: StartRolloutRequest }
  | { action: "pause" }
  | { action: "resume" }
  | { action: "restart" }
  | { action: "undo"; revision?: number };

/** Every `kubectl rollout` verb on one workload: start (upgrade), pause, resume, restart, undo. */
export function useRolloutAction(tenant: string, name: string) {
  const queryClient = useQueryClient();
  const params = { tenant, name };
  return useMutation({
    mutationFn: (input: RolloutAction) => {
      switch (input.action) {
        case "start":
          return apiFetch(startRolloutOperation, { params, body: input.body });
        case "pause":
          return apiFetch(pauseRolloutOperation, { params });
        case "resume":
          return apiFetch(resumeRolloutOperation, { params });
        case "restart":
          return apiFetch(restartRolloutOperation, { params });
        case "undo":
          return apiFetch(undoRolloutOperation, { params, body: input.revision === undefined ? {} : { revision: input.revision } });
      }
    },
    onSuccess: (detail) => storeDetail(queryClient, tenant, detail),
  });
}

export type LogsRequest = { pod?: string; tailLines: number; follow: boolean; q?: string };

/**
 * Reads `…/logs` (NDJSON, one WorkloadLogLine per line) with fetch and a stream reader, calling `onLines` with each
 * batch as it arrives; with `follow` it keeps reading until `signal` aborts or the server ends the stream.
 * Lines that do not parse are skipped rather than ending the stream.
 */
export async function readWorkloadLogs(
  tenant: string,
  name: string,
  request: LogsRequest,
  onLines: (lines: WorkloadLogLine[]) => void,
  signal: AbortSignal,
): Promise<void> {
  const url = buildApiUrl(workloadLogsOperation.path, { tenant, name }, {
    pod: request.pod,
    tailLines: request.tailLines,
    follow: request.follow ? "true" : "false",
    q: request.q?.trim() || undefined,
  });
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", headers: { accept: "application/x-ndjson" }, signal, cache: "no-store" });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiRequestError({ code: "network_error", message: "The server could not be reached.", status: 0 });
  }
  if (!response.ok) {
    const text = await response.text();
    let payload: unknown = text;
    try {
      payload = JSON.parse(text);
    } catch {
      // not JSON: toApiRequestError falls back to the status
    }
    throw toApiRequestError(response.status, payload);
  }
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    const lines = parseLogLines(parts);
    if (lines.length > 0) onLines(lines);
  }
  const rest = parseLogLines([buffer]);
  if (rest.length > 0) onLines(rest);
}

/** NDJSON lines to log lines; blank or malformed lines are skipped. */
export function parseLogLines(raw: string[]): WorkloadLogLine[] {
  const lines: WorkloadLogLine[] = [];
  for (const text of raw) {
    if (!text.trim()) continue;
    try {
      const parsed = WorkloadLogLine.safeParse(JSON.parse(text));
      if (parsed.success) lines.push(parsed.data);
    } catch {
      // skip
    }
  }
  return lines;
}
