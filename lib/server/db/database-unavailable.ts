import "server-only";
import { ApiError } from "@/lib/server/http/api-error";

/** Seconds a client is told to wait before retrying while the database is unreachable (readyz uses the same). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// Socket-level failures: nothing listens (stopped), the connection was cut (restarted), or no answer in time.
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
// SQLSTATE classes and codes PostgreSQL sends while it is going away or not yet accepting work:
// 08 connection exception, 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or
// in recovery), 53300 too_many_connections.
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
// node-postgres reports a lost or never-made connection with plain Errors carrying only a message.
const DRIVER_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end/i,
  /the database system is (?:starting up|shutting down|in recovery mode)/i,
];

/**
 * Whether `error` (or an error it wraps — drizzle wraps the driver's error in `cause`) says the database could not
 * be reached, as opposed to a query that failed on its own merits. Those are transient: the request can be retried
 * once the database is back, so they answer 503 rather than 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") return false;
    const { code, message, errors } = current as { code?: unknown; message?: unknown; errors?: unknown };
    if (typeof code === "string" && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || code.startsWith("08"))) return true;
    if (typeof message === "string" && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
    // Node reports a refused connection to a host with several addresses as an AggregateError of the attempts.
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The answer to a request that needed the database while it was unreachable. */
export function databaseUnavailableError(): ApiError {
  return new ApiError(
    "unavailable",
    `The database is not reachable right now. Try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
    undefined,
    { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
  );
}
