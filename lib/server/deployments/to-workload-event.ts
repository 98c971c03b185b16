import "server-only";
import type { WorkloadEvent } from "@/lib/contracts/workloads";
import type { CachedKindObject } from "@/lib/server/kubernetes/watch-cache";
import { toTimestamp } from "./to-timestamp";

/** A Kubernetes event (core/v1, either the older count/timestamps or the newer series/eventTime form). */
export function toWorkloadEvent(event: CachedKindObject<"events">): WorkloadEvent {
  const firstSeen = toTimestamp(event.firstTimestamp) ?? toTimestamp(event.eventTime) ?? toTimestamp(event.metadata?.creationTimestamp);
  const lastSeen = toTimestamp(event.lastTimestamp) ?? toTimestamp(event.series?.lastObservedTime) ?? firstSeen;
  return {
    type: event.type ?? "Normal",
    reason: event.reason ?? "",
    message: event.message ?? "",
    object: `${event.involvedObject?.kind ?? ""}/${event.involvedObject?.name ?? ""}`,
    count: event.series?.count ?? event.count ?? 1,
    firstSeen,
    lastSeen,
  };
}
