import { describe, expect, it } from "vitest";
import { databaseUnavailableError, isDatabaseUnavailable } from "./database-unavailable";

// Which failures answer 503 (retry later) and which stay 500s (bugs worth a log line and a request id).

function driverError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

function wrappedByDrizzle(cause: unknown): Error {
  return Object.assign(new Error("Failed query: select 1\nparams: "), { cause });
}

describe("isDatabaseUnavailable", () => {
  it("recognizes a stopped, restarting or unreachable server, also when drizzle wraps the driver's error", () => {
    expect(isDatabaseUnavailable(driverError("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"))).toBe(true);
    expect(isDatabaseUnavailable(wrappedByDrizzle(driverError("terminating connection due to administrator command", "57P01")))).toBe(true);
    expect(isDatabaseUnavailable(wrappedByDrizzle(driverError("the database system is starting up", "57P03")))).toBe(true);
    expect(isDatabaseUnavailable(wrappedByDrizzle(driverError("Connection terminated unexpectedly")))).toBe(true);
    expect(isDatabaseUnavailable(driverError("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new AggregateError([driverError("connect ECONNREFUSED ::1:5432", "ECONNREFUSED")]), { code: undefined }))).toBe(true);
  });

  it("leaves a query that failed on its own merits, and any other error, to be a 500", () => {
    expect(isDatabaseUnavailable(wrappedByDrizzle(driverError('duplicate key value violates unique constraint "users_email"', "23505")))).toBe(false);
    expect(isDatabaseUnavailable(wrappedByDrizzle(driverError('relation "nope" does not exist', "42P01")))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });

  it("answers 503 with Retry-After and a message a person can act on", () => {
    const error = databaseUnavailableError();
    expect(error.status).toBe(503);
    expect(error.code).toBe("unavailable");
    expect(error.headers).toEqual({ "retry-after": "5" });
    expect(error.message).toMatch(/database is not reachable.*Try again in 5 seconds/);
  });
});
