import "server-only";
import type { TenantChangeNotice } from "@/lib/contracts/workloads";
import { sseConnectionOpened } from "@/lib/server/http/sse-connections";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import { onBalanceChanged } from "@/lib/server/billing/ledger";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";
import { tenantChangeFeed } from "./tenant-change-feed";

export const HEARTBEAT_MS = 15_000;
/** Chunks a client may fall behind by before the stream is ended; it reconnects with Last-Event-ID and catches up. */
const MAX_BACKLOG = 5_000;

function frame(notice: TenantChangeNotice): string {
  return `id: ${notice.id}\ndata: ${JSON.stringify(notice)}\n\n`;
}

/**
 * The tenant's live change stream as Server-Sent Events: `retry: 2000`, then (after a reconnect) the notices
 * missed since Last-Event-ID, or a `resync` notice when they cannot be replayed, then every new notice of the
 * tenant's namespace and of its balance, with a comment every 15 s so proxies keep the connection open. Ends when the client goes.
 */
export function streamTenantEvents(tenant: ResolvedTenant, request: Request): Response {
  const feed = tenantChangeFeed(getSyncedWatchCacheOrThrow(), tenant.namespace);
  // The balance is not in the cluster: a posting on any replica (with REDIS_URL) tells the stream so the billing
  // screens refetch at once.
  feed.follow("balance", (announce) => onBalanceChanged((tenantId) => (tenantId === tenant.id ? announce() : undefined)));
  const lastEventId = request.headers.get("last-event-id");
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (text: string) => {
        if (!open) return;
        if (controller.desiredSize !== null && controller.desiredSize < -MAX_BACKLOG) {
          cleanup();
          return;
        }
        controller.enqueue(encoder.encode(text));
      };
      send("retry: 2000\n\n");
      if (lastEventId) {
        const missed = feed.replaySince(lastEventId);
        if (missed) for (const notice of missed) send(frame(notice));
        else send(frame({ id: feed.lastId(), type: "resync", resource: null, name: null, workload: null }));
      }
      const unlisten = feed.listen((notice) => send(frame(notice)));
      const heartbeat = setInterval(() => send(": heartbeat\n\n"), HEARTBEAT_MS);
      const closed = sseConnectionOpened();
      cleanup = () => {
        if (!open) return;
        open = false;
        closed();
        clearInterval(heartbeat);
        unlisten();
        request.signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // the reader already cancelled
        }
      };
      if (request.signal.aborted) cleanup();
      else request.signal.addEventListener("abort", cleanup, { once: true });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
  });
}
