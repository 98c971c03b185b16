import "server-only";
import { createHash } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { textArrayLiteral } from "@/lib/server/db/array-literal";
import type { Database } from "@/lib/server/db/database";
import { meterCharges, meterIntervals, priceCards, tenantBillingStates, usageWindows } from "@/lib/server/db/schema";
import { chargeUsage, runAfterCommit } from "./ledger";
import type { ContainerObservation } from "./observe-pods";
import { ratesOf, type PriceCard } from "./price-book";
import { chargeWithCarry, exactCharge } from "./rate-usage";
import { cutIntoWindows, type UsageWindow } from "./usage-windows";

// The meter (DESIGN.md § Billing). Two steps, both safe to repeat:
//  1. recordObservations: the containers seen in the cluster become running intervals (pod uid, container); an
//     open interval whose pod is no longer there is closed when the pod was seen vanishing, at its deletion time,
//     or else at the last time the meter saw it (the start-up resync closes pods that vanished while it was down).
//  2. meterUpTo(horizon): per tenant, in ONE database transaction, every interval's unmetered stretch
//     [meteredTo, min(end, horizon)) is cut at hours and price changes into usage windows (deterministic ids), rated
//     exactly, charged per tenant-month with the rounding remainder carried (chargeWithCarry), posted through the
//     ledger with an idempotency key derived from the windows, and meteredTo moved to the horizon. A crash
//     anywhere rolls the whole tenant step back; the next run redoes it from meteredTo, so nothing is written
//     twice and nothing is missed.

const SECOND = 1000;

function monthStartOf(seconds: number): Date {
  const at = new Date(seconds * SECOND);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function usageWindowId(window: Pick<UsageWindow, "podUid" | "container" | "windowStartSeconds">): string {
  return `${window.podUid}/${window.container}/${window.windowStartSeconds}`;
}

/** Upserts the intervals of the containers seen now and closes the open ones whose pod is gone. */
export async function recordObservations(
  db: Database,
  input: { nowSeconds: number; observations: readonly ContainerObservation[]; vanishedAtSeconds?: ReadonlyMap<string, number> },
): Promise<{ closed: number }> {
  const now = new Date(input.nowSeconds * SECOND);
  const open = await db.select().from(meterIntervals).where(isNull(meterIntervals.endAt));
  const openByKey = new Map(open.map((interval) => [`${interval.podUid}/${interval.container}`, interval]));
  // Only what is new or changed is written row by row; a container still running as before just gets its sighting
  // moved, for all of them in one statement.
  const changed = input.observations.filter((o) => {
    const known = openByKey.get(`${o.podUid}/${o.container}`);
    return !known || o.endSeconds !== null || (o.deletingSeconds !== null && known.deletingAt?.getTime() !== o.deletingSeconds * SECOND);
  });
  const rows = changed.map((o) => ({
    podUid: o.podUid,
    container: o.container,
    tenantId: o.tenantId,
    podName: o.podName,
    workload: o.workload,
    cpuMillicores: o.cpuMillicores,
    memoryMiB: o.memoryMiB,
    startAt: new Date(o.startSeconds * SECOND),
    endAt: o.endSeconds === null ? null : new Date(o.endSeconds * SECOND),
    meteredTo: new Date(o.startSeconds * SECOND),
    lastSeenAt: now,
    deletingAt: o.deletingSeconds === null ? null : new Date(o.deletingSeconds * SECOND),
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(meterIntervals)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [meterIntervals.podUid, meterIntervals.container],
        set: {
          lastSeenAt: sql`greatest(${meterIntervals.lastSeenAt}, excluded.last_seen_at)`,
          endAt: sql`coalesce(${meterIntervals.endAt}, excluded.end_at)`,
          deletingAt: sql`coalesce(excluded.deleting_at, ${meterIntervals.deletingAt})`,
        },
      });
  }
  const seen = new Set(input.observations.map((o) => o.podUid));
  const stillRunning = [...new Set(open.filter((interval) => seen.has(interval.podUid)).map((interval) => interval.podUid))];
  if (stillRunning.length > 0) {
    await db.execute(sql`
      update meter_intervals set last_seen_at = greatest(last_seen_at, ${now})
      where end_at is null and pod_uid = any(${textArrayLiteral(stillRunning)}::text[])`);
  }
  let closed = 0;
  for (const interval of open) {
    if (seen.has(interval.podUid)) continue;
    const startSeconds = Math.floor(interval.startAt.getTime() / SECOND);
    const lastSeenSeconds = Math.floor(interval.lastSeenAt.getTime() / SECOND);
    const deletingSeconds = interval.deletingAt ? Math.floor(interval.deletingAt.getTime() / SECOND) : null;
    // Seen vanishing live: that moment. Otherwise the deletion deadline if it had one (it ran at most until then,
    // and not past the last sighting by more than that), or the last sighting.
    const vanished = input.vanishedAtSeconds?.get(interval.podUid);
    let endSeconds = vanished ?? (deletingSeconds !== null ? Math.min(deletingSeconds, input.nowSeconds) : lastSeenSeconds);
    endSeconds = Math.max(endSeconds, startSeconds, Math.floor(interval.meteredTo.getTime() / SECOND));
    await db
      .update(meterIntervals)
      .set({ endAt: new Date(endSeconds * SECOND) })
      .where(and(eq(meterIntervals.podUid, interval.podUid), eq(meterIntervals.container, interval.container), isNull(meterIntervals.endAt)));
    closed++;
  }
  return { closed };
}

type UsageWindowRow = typeof usageWindows.$inferInsert;

/**
 * Writes a charge's windows, ones already there left as they are: one statement over column arrays per 5,000
 * windows. Every tick writes a window per running container (30,000 at the benchmarks' scale), and drizzle's
 * per-value insert building cost ~0.13 ms a row of the server's event loop.
 */
async function insertUsageWindows(tx: Database, windows: readonly UsageWindowRow[], chargeId: string): Promise<void> {
  const iso = (date: Date) => date.toISOString();
  for (let i = 0; i < windows.length; i += 5_000) {
    const batch = windows.slice(i, i + 5_000);
    const column = <T>(read: (w: UsageWindowRow) => T, cast: string) => sql`${textArrayLiteral(batch.map((w) => String(read(w))))}::${sql.raw(cast)}[]`;
    await tx.execute(sql`
      insert into usage_windows (id, tenant_id, pod_uid, container, workload, window_start, hour_start, month_start, seconds, cpu_millicores, memory_mib,
        cpu_millicore_seconds, memory_mib_seconds, price_card_version, exact_cpu, exact_memory, charge_id)
      select *, ${chargeId}::text from unnest(${sql.join(
        [
          column((w) => w.id, "text"),
          column((w) => w.tenantId, "uuid"),
          column((w) => w.podUid, "text"),
          column((w) => w.container, "text"),
          column((w) => w.workload, "text"),
          column((w) => iso(w.windowStart), "timestamptz"),
          column((w) => iso(w.hourStart), "timestamptz"),
          column((w) => iso(w.monthStart), "timestamptz"),
          column((w) => w.seconds, "integer"),
          column((w) => w.cpuMillicores, "integer"),
          column((w) => w.memoryMiB, "integer"),
          column((w) => w.cpuMillicoreSeconds, "bigint"),
          column((w) => w.memoryMiBSeconds, "bigint"),
          column((w) => w.priceCardVersion, "integer"),
          column((w) => w.exactCpu, "text"),
          column((w) => w.exactMemory, "text"),
        ],
        sql`, `,
      )})
      on conflict do nothing`);
  }
}

export interface MeterHooks {
  /** Called inside a tenant's transaction after its charges are posted and before it commits (crash tests). */
  beforeCommit?: (tenantId: string) => void | Promise<void>;
}

export interface MeterRunResult {
  tenants: number;
  windows: number;
  chargedMinor: bigint;
}

/** Meters every tenant's intervals up to `horizonSeconds` (exclusive): windows, rating, charges. */
export async function meterUpTo(db: Database, horizonSeconds: number, hooks: MeterHooks = {}): Promise<MeterRunResult> {
  const horizon = new Date(horizonSeconds * SECOND);
  const due = await db
    .selectDistinct({ tenantId: meterIntervals.tenantId })
    .from(meterIntervals)
    .where(sql`${meterIntervals.meteredTo} < least(coalesce(${meterIntervals.endAt}, ${horizon}), ${horizon})`)
    .orderBy(asc(meterIntervals.tenantId));
  const result: MeterRunResult = { tenants: 0, windows: 0, chargedMinor: 0n };
  if (due.length === 0) return result;
  const cards = await db.select().from(priceCards).orderBy(asc(priceCards.effectiveFrom));
  for (const { tenantId } of due) {
    const step = await runAfterCommit(db, (tx) => meterTenant(tx, tenantId, horizonSeconds, cards, hooks));
    result.tenants++;
    result.windows += step.windows;
    result.chargedMinor += step.chargedMinor;
  }
  return result;
}

function cardAt(cards: readonly PriceCard[], seconds: number): PriceCard {
  let found: PriceCard | undefined;
  for (const card of cards) if (card.effectiveFrom.getTime() <= seconds * SECOND) found = card;
  if (!found) throw new Error(`no price card is in force at ${new Date(seconds * SECOND).toISOString()}`);
  return found;
}

async function meterTenant(tx: Database, tenantId: string, horizonSeconds: number, cards: readonly PriceCard[], hooks: MeterHooks): Promise<{ windows: number; chargedMinor: bigint }> {
  const horizon = new Date(horizonSeconds * SECOND);
  // Row locks: a second meter (a lease handover racing a slow tick) waits here and then finds nothing left to do.
  const intervals = await tx
    .select()
    .from(meterIntervals)
    .where(and(eq(meterIntervals.tenantId, tenantId), sql`${meterIntervals.meteredTo} < least(coalesce(${meterIntervals.endAt}, ${horizon}), ${horizon})`))
    .orderBy(asc(meterIntervals.podUid), asc(meterIntervals.container))
    .for("update");
  if (intervals.length === 0) return { windows: 0, chargedMinor: 0n };
  const [billing] = await tx.select({ state: tenantBillingStates.state }).from(tenantBillingStates).where(eq(tenantBillingStates.tenantId, tenantId));
  const suspended = billing?.state === "suspended";
  const changes = cards.map((card) => Math.floor(card.effectiveFrom.getTime() / SECOND));

  const byMonth = new Map<number, { windows: (typeof usageWindows.$inferInsert)[]; exact: bigint }>();
  for (const interval of intervals) {
    const fromSeconds = Math.floor(interval.meteredTo.getTime() / SECOND);
    const toSeconds = Math.min(horizonSeconds, interval.endAt ? Math.floor(interval.endAt.getTime() / SECOND) : horizonSeconds);
    // No charges accrue while a tenant is billing-suspended (its workloads are scaled to zero): the stretch is
    // passed over, not billed later.
    if (suspended) continue;
    const pieces = cutIntoWindows(
      { tenantId, podUid: interval.podUid, container: interval.container, cpuMillicores: interval.cpuMillicores, memoryMiB: interval.memoryMiB, startSeconds: fromSeconds, endSeconds: toSeconds },
      changes,
    );
    for (const piece of pieces) {
      const card = cardAt(cards, piece.windowStartSeconds);
      const exact = exactCharge(piece, ratesOf(card));
      const month = monthStartOf(piece.hourStartSeconds).getTime();
      let group = byMonth.get(month);
      if (!group) byMonth.set(month, (group = { windows: [], exact: 0n }));
      group.exact += exact.total;
      group.windows.push({
        id: usageWindowId(piece),
        tenantId,
        podUid: piece.podUid,
        container: piece.container,
        workload: interval.workload,
        windowStart: new Date(piece.windowStartSeconds * SECOND),
        hourStart: new Date(piece.hourStartSeconds * SECOND),
        monthStart: new Date(month),
        seconds: piece.seconds,
        cpuMillicores: interval.cpuMillicores,
        memoryMiB: interval.memoryMiB,
        cpuMillicoreSeconds: piece.cpuMillicoreSeconds,
        memoryMiBSeconds: piece.memoryMiBSeconds,
        priceCardVersion: card.version,
        exactCpu: exact.cpu.toString(),
        exactMemory: exact.memory.toString(),
        chargeId: "",
      });
    }
  }

  let windowCount = 0;
  let chargedMinor = 0n;
  for (const [month, group] of [...byMonth].sort((a, b) => a[0] - b[0])) {
    const ids = group.windows.map((w) => w.id).sort();
    const chargeId = `meter:${tenantId}:${new Date(month).toISOString().slice(0, 7)}:${createHash("sha256").update(ids.join("\n")).digest("hex").slice(0, 32)}`;
    const [before] = await tx
      .select({ exact: sql<string>`coalesce(sum(${meterCharges.exactTotal}::numeric), 0)::text` })
      .from(meterCharges)
      .where(and(eq(meterCharges.tenantId, tenantId), eq(meterCharges.monthStart, new Date(month))));
    const amountMinor = chargeWithCarry(BigInt(before.exact), group.exact);
    const periodStart = group.windows.reduce((min, w) => (w.windowStart < min ? w.windowStart : min), group.windows[0].windowStart);
    const periodEnd = new Date(Math.max(...group.windows.map((w) => w.windowStart.getTime() + w.seconds * SECOND)));
    let transactionId: string | null = null;
    if (amountMinor > 0n) {
      const charged = await chargeUsage(tx, {
        tenantId,
        idempotencyKey: chargeId,
        amountMinor,
        memo: `Usage ${periodStart.toISOString().slice(0, 16).replace("T", " ")}–${periodEnd.toISOString().slice(11, 16)} UTC`,
        periodStart,
        periodEnd,
        metadata: { windows: ids.length },
      });
      transactionId = charged.transactionId;
    }
    const inserted = await tx
      .insert(meterCharges)
      .values({ id: chargeId, tenantId, monthStart: new Date(month), exactTotal: group.exact.toString(), amountMinor, transactionId })
      .onConflictDoNothing()
      .returning({ id: meterCharges.id });
    if (inserted.length === 0) continue; // already posted by an earlier run that committed: nothing again
    await insertUsageWindows(tx, group.windows, chargeId);
    windowCount += group.windows.length;
    chargedMinor += amountMinor;
  }
  const keys = intervals.map((interval) => `${interval.podUid}/${interval.container}`);
  await tx
    .update(meterIntervals)
    .set({ meteredTo: sql`least(coalesce(${meterIntervals.endAt}, ${horizon}), ${horizon})` })
    .where(and(eq(meterIntervals.tenantId, tenantId), inArray(sql`${meterIntervals.podUid} || '/' || ${meterIntervals.container}`, keys)));
  await hooks.beforeCommit?.(tenantId);
  return { windows: windowCount, chargedMinor };
}
