import "server-only";
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/lib/server/db/database";
import { idempotencyRecords } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { runAfterCommit } from "./ledger";

// Idempotent money-moving requests (DESIGN.md § Billing). The caller's Idempotency-Key, the operation and a hash
// of the body are claimed in the same database transaction that moves the money and stores the answer. A retry
// with the same key waits for the first request (the primary key's lock) and then gets its answer — same status,
// same body — and moves nothing; the same key with another body is refused with 422. Refusals (4xx) are stored
// too, so a retry is told the same; an unexpected failure rolls everything back, so a retry runs afresh.

const KEY = /^[\x21-\x7e]{8,200}$/;

/** The request's Idempotency-Key header, or a 400 saying how to send one. */
export function requireIdempotencyKey(request: Request): string {
  const key = request.headers.get("idempotency-key");
  if (!key) {
    throw new ApiError("bad_request", "This request moves money: send an Idempotency-Key header (a unique value such as a UUID, 8–200 visible characters) so a retry cannot move it twice.", [
      { field: "header.Idempotency-Key", message: "required" },
    ]);
  }
  if (!KEY.test(key)) {
    throw new ApiError("bad_request", "The Idempotency-Key header must be 8–200 visible ASCII characters.", [{ field: "header.Idempotency-Key", message: "8–200 visible ASCII characters" }]);
  }
  return key;
}

/** A stable hash of a request body: keys sorted, so the same JSON in another order is the same request. */
export function hashRequest(operation: string, body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === "object"
        ? Object.fromEntries(Object.keys(value as object).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]))
        : value;
  return createHash("sha256").update(operation).update("\0").update(JSON.stringify(canonical(body ?? null))).digest("hex");
}

export interface IdempotentAnswer {
  status: number;
  /** The answer's JSON text, byte for byte the same on every replay. */
  bodyText: string;
  replayed: boolean;
}

/**
 * Runs `work` once per (scope, key). `work` gets the transaction to move money in and the ledger idempotency key
 * to use, and returns the success body; an ApiError it throws becomes the stored answer.
 */
export async function runIdempotent(
  db: Database,
  claim: { scope: string; key: string; operation: string; body: unknown; successStatus: number },
  work: (tx: Database, ledgerKey: string) => Promise<unknown>,
): Promise<IdempotentAnswer> {
  const requestHash = hashRequest(claim.operation, claim.body);
  const ledgerKey = `http:${claim.scope}:${claim.key}`;
  return runAfterCommit(db, async (tx) => {
    const [claimed] = await tx
      .insert(idempotencyRecords)
      .values({ scope: claim.scope, key: claim.key, operation: claim.operation, requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyRecords.key });
    if (!claimed) {
      const [first] = await tx.select().from(idempotencyRecords).where(and(eq(idempotencyRecords.scope, claim.scope), eq(idempotencyRecords.key, claim.key)));
      if (first.operation !== claim.operation || first.requestHash !== requestHash) {
        throw new ApiError("validation_failed", "This Idempotency-Key was already used for a different request; use a new key for a new request.", [
          { field: "header.Idempotency-Key", message: "already used with another request" },
        ]);
      }
      // Stored as a JSON string (jsonb would reorder an object's keys), so a replay is the first answer's exact bytes.
      return { status: first.responseStatus ?? 500, bodyText: typeof first.responseBody === "string" ? first.responseBody : JSON.stringify(first.responseBody), replayed: true };
    }
    let status = claim.successStatus;
    let body: unknown;
    try {
      // A savepoint, so a refusal undoes the work but keeps the claim, which then stores the refusal.
      body = await tx.transaction(async (inner) => work(inner as unknown as Database, ledgerKey));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error;
      status = error.status;
      body = { error: { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) } };
    }
    const bodyText = JSON.stringify(body);
    await tx
      .update(idempotencyRecords)
      .set({ responseStatus: status, responseBody: bodyText, completedAt: new Date() })
      .where(and(eq(idempotencyRecords.scope, claim.scope), eq(idempotencyRecords.key, claim.key)));
    return { status, bodyText, replayed: false };
  });
}

/** The HTTP answer of runIdempotent; replays say so in a header, as Stripe's Idempotent-Replayed does. */
export function idempotentResponse(answer: IdempotentAnswer): Response {
  return new Response(answer.bodyText, {
    status: answer.status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...(answer.replayed ? { "idempotent-replayed": "true" } : {}) },
  });
}
