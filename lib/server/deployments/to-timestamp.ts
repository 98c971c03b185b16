import "server-only";

/** A Kubernetes time (an RFC 3339 string on the wire, a Date from client-node's typed calls) as the contract's ISO 8601 UTC; null when absent or unreadable. */
export function toTimestamp(value: string | Date | undefined | null): string | null {
  if (value === undefined || value === null || value === "") return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
