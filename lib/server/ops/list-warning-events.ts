import "server-only";
import { OPS_LIST_LIMIT, type OpsWarningEvent, type OpsWarningEventList } from "@/lib/contracts/ops-monitoring";
import { getSyncedWatchCacheOrThrow } from "@/lib/server/kubernetes/get-watch-cache";
import type { CachedKindObject } from "@/lib/server/kubernetes/watch-cache";
import { tenantsByNamespace } from "./tenants-by-namespace";

const RECENT_MS = 3_600_000;

/** When an event was last seen: events.k8s.io's series and eventTime, else the core fields. */
function lastSeenOf(event: CachedKindObject<"events">): string | null {
  const at = event.series?.lastObservedTime ?? event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata?.creationTimestamp;
  return at ? new Date(String(at)).toISOString() : null;
}

/** Warning events seen within the last hour in every namespace, newest first. */
export async function listWarningEvents(nowMs = Date.now()): Promise<OpsWarningEventList> {
  const cache = getSyncedWatchCacheOrThrow();
  const tenants = await tenantsByNamespace();
  const items: OpsWarningEvent[] = [];
  for (const event of cache.listAll("events")) {
    if (event.type !== "Warning") continue;
    const lastSeenAt = lastSeenOf(event);
    if (lastSeenAt && nowMs - Date.parse(lastSeenAt) > RECENT_MS) continue;
    const namespace = event.metadata?.namespace ?? "";
    const tenant = tenants.get(namespace);
    items.push({
      tenant: tenant ? { slug: tenant.slug, name: tenant.name } : null,
      namespace,
      object: { kind: event.involvedObject?.kind ?? "", name: event.involvedObject?.name ?? "" },
      reason: event.reason ?? "",
      message: event.message ?? "",
      count: event.series?.count ?? event.count ?? 1,
      lastSeenAt,
    });
  }
  items.sort((a, b) => (b.lastSeenAt ?? "").localeCompare(a.lastSeenAt ?? ""));
  return { items: items.slice(0, OPS_LIST_LIMIT), total: items.length };
}
