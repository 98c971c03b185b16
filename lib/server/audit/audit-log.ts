import "server-only";
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { AuditEntry, AuditPage } from "@/lib/contracts/audit";
import type { Actor } from "@/lib/server/auth/actor";
import type { Database } from "@/lib/server/db/database";
import { getDatabase } from "@/lib/server/db/get-database";
import { auditLog } from "@/lib/server/db/schema";
import { logger } from "@/lib/server/logger";

export type AuditResult = "success" | "failure" | "denied";

export interface AuditRecord {
  /** The actor, or an anonymous caller with what they claimed (e.g. the email of a failed sign-in). */
  actor: Actor | { kind: "anonymous"; label?: string | null } | { kind: "system"; label?: string | null };
  tenant?: { id: string; slug: string } | null;
  action: string;
  target?: string | null;
  result: AuditResult;
  ip?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown> | null;
}

function actorColumns(actor: AuditRecord["actor"]) {
  switch (actor.kind) {
    case "user":
      return { actorType: "user", actorId: actor.userId, actorLabel: actor.email };
    case "api_key":
      return { actorType: "api_key", actorId: actor.apiKeyId, actorLabel: actor.name };
    default:
      return { actorType: actor.kind, actorId: null, actorLabel: actor.label ?? null };
  }
}

/**
 * What a caller typed (a path segment, an email) as PostgreSQL can store it: text and jsonb refuse NUL and lone
 * surrogates, and a refused insert would lose the record of exactly the request that sent them.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function storable<T>(value: T): T {
  if (typeof value === "string") return value.replace(UNSTORABLE, "\uFFFD") as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) return Object.fromEntries(Object.entries(value).map(([key, v]) => [storable(key), storable(v)])) as T;
  return value;
}

/**
 * Appends one row. Inside a transaction pass `tx`, so the record commits or rolls back with the change it
 * describes; outside, a failure to write is logged rather than failing the request it describes.
 */
export async function recordAudit(record: AuditRecord, tx?: Database): Promise<void> {
  const actor = actorColumns(record.actor);
  const row = {
    ...actor,
    actorLabel: storable(actor.actorLabel),
    tenantId: record.tenant?.id ?? null,
    tenantSlug: record.tenant?.slug ?? null,
    action: record.action,
    target: storable(record.target ?? null),
    result: record.result,
    // Request-derived strings are bounded, so a hostile header cannot bloat the log.
    ip: storable(record.ip?.slice(0, 64) ?? null),
    requestId: record.requestId?.slice(0, 64) ?? null,
    details: record.details ? (storable(record.details) as Record<string, unknown>) : null,
  };
  if (tx) {
    await tx.insert(auditLog).values(row);
    return;
  }
  try {
    await (await getDatabase()).db.insert(auditLog).values(row);
  } catch (error) {
    logger().error({ err: error, action: record.action }, "could not write an audit record");
  }
}

function toAuditEntry(row: typeof auditLog.$inferSelect): AuditEntry {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actor: { type: row.actorType as AuditEntry["actor"]["type"], id: row.actorId, label: row.actorLabel },
    tenantId: row.tenantId,
    tenantSlug: row.tenantSlug,
    action: row.action,
    target: row.target,
    result: row.result as AuditEntry["result"],
    ip: row.ip,
    requestId: row.requestId,
    details: row.details ?? null,
  };
}

/** Newest first; the cursor is the id of the last row of the previous page. */
export async function listAudit(filter: { tenantId?: string; limit: number; cursor?: string }): Promise<AuditPage> {
  const { db } = await getDatabase();
  const conditions: SQL[] = [];
  if (filter.tenantId) conditions.push(eq(auditLog.tenantId, filter.tenantId));
  if (filter.cursor !== undefined) {
    const before = Number(filter.cursor);
    if (!Number.isSafeInteger(before) || before < 0) return { items: [], nextCursor: null };
    conditions.push(lt(auditLog.id, before));
  }
  const rows = await db
    .select()
    .from(auditLog)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  return { items: page.map(toAuditEntry), nextCursor: rows.length > filter.limit ? String(page[page.length - 1].id) : null };
}
