import "server-only";
import type { IncomingMessage } from "node:http";
import { createInterface } from "node:readline";
import type { WorkloadLogLine, WorkloadLogsQuery } from "@/lib/contracts/workloads";
import { ApiError } from "@/lib/server/http/api-error";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import type { WatchCache } from "@/lib/server/kubernetes/watch-cache";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";
import { getWorkloadObjectOrThrow } from "./get-workload-object-or-throw";
import { podsOfWorkload } from "./list-workload-pods";
import { openPodLog, type Caller } from "./open-pod-log";
import { parseLogLine } from "./parse-log-line";
import { workloadOfPod } from "./workload-of";

const HEADERS = { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" };

interface Target {
  pod: string;
  container: string;
}

function linesOf(response: IncomingMessage, onLine: (raw: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const reader = createInterface({ input: response, crlfDelay: Infinity });
    reader.on("line", onLine);
    reader.on("close", resolve);
    // readline passes its input's errors on (an aborted follow ends with one): the lines read so far stand.
    reader.on("error", () => reader.close());
  });
}

function matches(entry: WorkloadLogLine, q: string | undefined): boolean {
  return !q || entry.line.includes(q);
}

async function readAll(caller: Caller, namespace: string, targets: Target[], query: WorkloadLogsQuery, signal: AbortSignal): Promise<string> {
  const single = targets.length === 1 && query.pod !== undefined;
  const results = await Promise.allSettled(
    targets.map(async (target) => {
      const response = await openPodLog(caller, { namespace, ...target, follow: false, tailLines: query.tailLines, sinceSeconds: query.sinceSeconds }, signal);
      const lines: { entry: WorkloadLogLine; timeMs: number }[] = [];
      await linesOf(response, (raw) => lines.push(parseLogLine(target.pod, target.container, raw)));
      return lines;
    }),
  );
  // One pod asked for by name: its failure is the answer. All pods: a pod that has no log yet (still being
  // created, or not scheduled) simply adds nothing.
  if (single && results[0].status === "rejected") throw results[0].reason;
  const merged = results.flatMap((result) => (result.status === "fulfilled" ? result.value : []));
  merged.sort((a, b) => a.timeMs - b.timeMs);
  const kept = merged.filter(({ entry }) => matches(entry, query.q)).slice(-query.tailLines);
  return kept.map(({ entry }) => `${JSON.stringify(entry)}\n`).join("");
}

/** Follow the workload's pods that start while the answer is open too (all pods merged: a rollout's new pods). */
interface NewPods {
  cache: WatchCache;
  workload: string;
}

async function follow(caller: Caller, namespace: string, targets: Target[], query: WorkloadLogsQuery, signal: AbortSignal, newPods: NewPods | undefined): Promise<Response> {
  const abort = new AbortController();
  const stop = () => abort.abort();
  signal.addEventListener("abort", stop, { once: true });
  const single = targets.length === 1 && query.pod !== undefined;
  const opened = await Promise.allSettled(targets.map((target) => openPodLog(caller, { namespace, ...target, follow: true, tailLines: query.tailLines, sinceSeconds: query.sinceSeconds }, abort.signal)));
  if (single && opened[0].status === "rejected") {
    signal.removeEventListener("abort", stop);
    throw opened[0].reason;
  }
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      let active = 0;
      let unsubscribe = () => {};
      const following = new Set<string>();
      const close = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        signal.removeEventListener("abort", stop);
        abort.abort();
        try {
          controller.close();
        } catch {
          // already closed by a cancelled reader
        }
      };
      abort.signal.addEventListener("abort", close, { once: true });
      const pipe = (target: Target, response: IncomingMessage) => {
        active++;
        following.add(target.pod);
        void linesOf(response, (raw) => {
          const { entry } = parseLogLine(target.pod, target.container, raw);
          if (open && matches(entry, query.q)) controller.enqueue(encoder.encode(`${JSON.stringify(entry)}\n`));
        }).then(() => {
          active--;
          // One pod asked for: its stream ended (pod deleted, or the API server closed it), so does the answer.
          if (!newPods && active === 0) close();
        });
      };
      opened.forEach((result, index) => {
        if (result.status === "fulfilled") pipe(targets[index], result.value);
      });
      if (!newPods) {
        if (active === 0) close();
        return;
      }
      const { cache, workload } = newPods;
      unsubscribe = cache.subscribeNamespace(namespace, (change) => {
        if (!open || change.kind !== "pods" || change.type === "DELETED" || following.has(change.name)) return;
        const pod = change.object;
        if (pod.metadata?.deletionTimestamp || !pod.status?.containerStatuses?.some((status) => status.state?.running)) return;
        if (workloadOfPod(cache, pod) !== workload) return;
        const target = { pod: change.name, container: query.container ?? pod.spec?.containers?.[0]?.name ?? "" };
        following.add(target.pod);
        openPodLog(caller, { namespace, ...target, follow: true }, abort.signal).then(
          (response) => (open ? pipe(target, response) : response.destroy()),
          () => following.delete(target.pod),
        );
      });
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(body, { status: 200, headers: HEADERS });
}

/**
 * Logs of one pod of the workload or of all its pods merged by time, as NDJSON WorkloadLogLine. With
 * `follow`, the answer stays open and carries each line as a pod writes it, until the client disconnects.
 */
export async function streamWorkloadLogs(caller: Caller & { tenant: ResolvedTenant }, name: string, query: WorkloadLogsQuery, signal: AbortSignal): Promise<Response> {
  const cache = getSyncedWatchCacheOrThrow();
  const workload = getWorkloadObjectOrThrow(cache, caller.tenant, name);
  let pods = podsOfWorkload(cache, workload).map(({ pod }) => pod);
  if (query.pod !== undefined) {
    pods = pods.filter((pod) => pod.metadata?.name === query.pod);
    if (pods.length === 0) throw new ApiError("not_found", `Pod ${query.pod.slice(0, 253)} is not a pod of workload ${name}.`);
  }
  const targets = pods
    .map((pod) => ({ pod: pod.metadata?.name ?? "", container: query.container ?? pod.spec?.containers?.[0]?.name ?? "" }))
    .sort((a, b) => a.pod.localeCompare(b.pod));
  const namespace = caller.tenant.namespace;
  if (query.follow) return follow(caller, namespace, targets, query, signal, query.pod === undefined ? { cache, workload: name } : undefined);
  return new Response(await readAll(caller, namespace, targets, query, signal), { status: 200, headers: HEADERS });
}
