import "server-only";

// What the watch cache keeps of an object is what the console reads. managedFields is often the largest part
// of an object and nothing reads it; the last-applied annotation is a full copy of the object as a user once
// applied it (it can carry env values that were meant to live in a Secret), so neither is kept.

export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

interface StrippableMetadata {
  managedFields?: unknown;
  annotations?: Record<string, string> | null;
  [key: string]: unknown;
}

/** Kubernetes `Time` is RFC 3339 in whole seconds; `MicroTime` keeps a fraction, so one is kept when present. */
function formatTime(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

/** Replaces every Date reachable from `value` with its wire string, in place. JSON from the wire has none, so
 *  this only rewrites objects that went through client-node's typed deserializer. */
function normaliseTimestamps(value: unknown): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item instanceof Date) value[i] = formatTime(item);
      else if (item !== null && typeof item === "object") normaliseTimestamps(item);
    }
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    if (item instanceof Date) record[key] = formatTime(item);
    else if (item !== null && typeof item === "object") normaliseTimestamps(item);
  }
}

/**
 * Drops `metadata.managedFields` and the last-applied annotation and turns Date timestamps into strings, in
 * place, and returns the same object. The caller must own `object` (freshly parsed from the wire).
 */
export function stripObject<T extends { metadata?: object }>(object: T): T {
  const metadata = object.metadata as StrippableMetadata | undefined;
  if (metadata) {
    const annotations = metadata.annotations;
    const hasLastApplied = annotations != null && LAST_APPLIED_ANNOTATION in annotations;
    if (metadata.managedFields !== undefined || hasLastApplied) {
      // Rebuilt rather than `delete`d: V8 keeps objects with deleted properties in slow dictionary mode,
      // and the cache holds tens of thousands of these.
      const { managedFields: _managedFields, ...rest } = metadata;
      if (hasLastApplied) {
        const { [LAST_APPLIED_ANNOTATION]: _lastApplied, ...kept } = annotations;
        rest.annotations = kept;
      }
      (object as { metadata: object }).metadata = rest;
    }
  }
  normaliseTimestamps(object);
  return object;
}
