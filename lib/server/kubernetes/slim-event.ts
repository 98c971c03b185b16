import "server-only";

// Events are most of what the watch cache holds: ten to twenty for every pod a rollout starts or stops, kept an hour
// by the API server (the soak's 1,000 tenants: 175k after seeding, 250k ten minutes later). The console reads a
// handful of their fields (the workload's events tab, the operators' warnings, the change feed), so the cache keeps
// those and drops the rest (source, reporting fields, related, the involved object's uid and fieldPath, …).
// Strings that repeat across Events (namespace, kind, reason, type) are shared, not held once per Event.

const MAX_INTERNED_LENGTH = 64;
const MAX_INTERNED = 20_000;
const interned = new Map<string, string>();

/** The one shared copy of a short, often repeated string. Past MAX_INTERNED distinct strings, the string itself. */
function intern(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  if (value.length > MAX_INTERNED_LENGTH) return value;
  const shared = interned.get(value);
  if (shared !== undefined) return shared;
  if (interned.size < MAX_INTERNED) interned.set(value, value);
  return value;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The same time as `other` (shared), else `value`: an Event's first, last and creation times are usually equal. */
function sameTime(value: unknown, other: string | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  return value === other ? other : value;
}

interface RawEvent {
  apiVersion?: unknown;
  kind?: unknown;
  metadata: { name: string; namespace?: unknown; uid?: unknown; resourceVersion?: unknown; creationTimestamp?: unknown };
  involvedObject?: { kind?: unknown; name?: unknown; namespace?: unknown } | null;
  reason?: unknown;
  message?: unknown;
  type?: unknown;
  count?: unknown;
  firstTimestamp?: unknown;
  lastTimestamp?: unknown;
  eventTime?: unknown;
  series?: { count?: unknown; lastObservedTime?: unknown } | null;
}

/** What the cache keeps of a core/v1 Event (as JSON from the wire): every field the console reads, in one shape. */
export interface SlimEvent {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string | undefined; uid: string | undefined; resourceVersion: string | undefined; creationTimestamp: string | undefined };
  involvedObject: { kind: string | undefined; name: string | undefined; namespace: string | undefined };
  reason: string | undefined;
  message: string | undefined;
  type: string | undefined;
  count: number | undefined;
  firstTimestamp: string | undefined;
  lastTimestamp: string | undefined;
  eventTime: string | undefined;
  series: { count: number | undefined; lastObservedTime: string | undefined } | undefined;
}

/** A new, smaller Event holding what the console reads of `raw`. Every Event gets the same object shape. */
export function slimEvent(raw: RawEvent): SlimEvent {
  const metadata = raw.metadata;
  const involved = raw.involvedObject ?? undefined;
  const created = text(metadata.creationTimestamp);
  const first = sameTime(raw.firstTimestamp, created);
  const series = raw.series ?? undefined;
  return {
    apiVersion: intern(raw.apiVersion) ?? "v1",
    kind: intern(raw.kind) ?? "Event",
    metadata: {
      name: metadata.name,
      namespace: intern(metadata.namespace),
      uid: text(metadata.uid),
      resourceVersion: text(metadata.resourceVersion),
      creationTimestamp: created,
    },
    involvedObject: { kind: intern(involved?.kind), name: text(involved?.name), namespace: intern(involved?.namespace) },
    reason: intern(raw.reason),
    message: text(raw.message),
    type: intern(raw.type),
    count: typeof raw.count === "number" ? raw.count : undefined,
    firstTimestamp: first,
    lastTimestamp: sameTime(raw.lastTimestamp, first),
    eventTime: text(raw.eventTime),
    series: series
      ? { count: typeof series.count === "number" ? series.count : undefined, lastObservedTime: text(series.lastObservedTime) }
      : undefined,
  };
}
