import "server-only";

/**
 * A failed call in words an operator can act on: fetch rejects with only "fetch failed" and keeps the reason
 * (connection refused, unknown host, reset, timeout) in its cause, so the cause is added.
 */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const reason = cause && typeof cause === "object" ? (typeof cause.message === "string" && cause.message) || (typeof cause.code === "string" && cause.code) : null;
  return reason && !error.message.includes(reason) ? `${error.message}: ${reason}` : error.message;
}
