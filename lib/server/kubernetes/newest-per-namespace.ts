import "server-only";

/** What an Event's age is judged by, newest first: last seen, series' last observation, eventTime, first seen, creation. */
export interface EventTimes {
  lastTimestamp?: unknown;
  eventTime?: unknown;
  firstTimestamp?: unknown;
  series?: { lastObservedTime?: unknown } | null;
  metadata?: { creationTimestamp?: unknown } | null;
}

function toMs(value: unknown): number | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(String(value));
  return Number.isFinite(ms) ? ms : undefined;
}

/** When the Event was last seen, in ms; `fallbackMs` (when it arrived) if it carries no usable time at all. */
export function lastSeenMs(event: EventTimes, fallbackMs: number): number {
  return (
    toMs(event.lastTimestamp) ??
    toMs(event.series?.lastObservedTime) ??
    toMs(event.eventTime) ??
    toMs(event.firstTimestamp) ??
    toMs(event.metadata?.creationTimestamp) ??
    fallbackMs
  );
}

interface Entry {
  ms: number;
  /** Arrival order: of two objects seen at the same moment (timestamps have 1 s precision), the later arrival is newer. */
  seq: number;
}

/**
 * Which objects of a namespace are past the newest `limit`, by a time per object. Used for Events: the API
 * server keeps them an hour, and under steady rollouts a cluster-wide cache of them grows without bound.
 */
export class NewestPerNamespace {
  private readonly buckets = new Map<string, Map<string, Entry>>();
  private seq = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`the limit must be a whole number of at least 1, not ${limit}`);
  }

  /** Records (or updates) the time of namespace/name. */
  touch(namespace: string, name: string, ms: number): void {
    let bucket = this.buckets.get(namespace);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(namespace, bucket);
    }
    bucket.set(name, { ms, seq: ++this.seq });
  }

  forget(namespace: string, name: string): void {
    const bucket = this.buckets.get(namespace);
    if (!bucket?.delete(name)) return;
    if (bucket.size === 0) this.buckets.delete(namespace);
  }

  size(namespace: string): number {
    return this.buckets.get(namespace)?.size ?? 0;
  }

  /** The oldest object of the namespace while it holds more than `limit`, else undefined. O(limit) per call. */
  oldestOverLimit(namespace: string): string | undefined {
    const bucket = this.buckets.get(namespace);
    if (!bucket || bucket.size <= this.limit) return undefined;
    let oldest: string | undefined;
    let oldestEntry: Entry | undefined;
    for (const [name, entry] of bucket) {
      if (!oldestEntry || entry.ms < oldestEntry.ms || (entry.ms === oldestEntry.ms && entry.seq < oldestEntry.seq)) {
        oldest = name;
        oldestEntry = entry;
      }
    }
    return oldest;
  }
}
