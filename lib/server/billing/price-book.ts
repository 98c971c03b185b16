import "server-only";
import { and, asc, desc, eq, gt, lte, sql } from "drizzle-orm";
import type { Plan as PlanDto, PriceCard as PriceCardDto } from "@/lib/contracts/ops-billing";
import type { Database } from "@/lib/server/db/database";
import { plans, planVersions, priceCards } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import type { PriceRates } from "./rate-usage";

// The price book (DESIGN.md § Billing): price cards and plan versions are immutable. A change is a new version
// effective from a time not in the past, so usage already run keeps the card it was (or will be) rated with.
//
//   listPriceCards(db) → PriceCard[]                     newest version first
//   createPriceCard(db, input, createdBy) → PriceCard    refused when effectiveFrom is in the past
//   priceCardAt(db, at) → PriceCard                      the card in force at an instant
//   priceCardsBetween(db, from, to) → PriceCard[]        the card in force at `from` and every later one before `to`
//   priceChangesBetween(db, from, to) → number[]         the change instants strictly inside (from, to), in seconds
//                                                        (what usage-windows.ts cutIntoWindows takes)
//   listPlans(db) → PlanWithVersion[]                    each plan with its latest version
//   createPlanVersion(db, input, createdBy) → PlanWithVersion   new plan or new version; `plans` follows it

export type PriceCard = typeof priceCards.$inferSelect;

export function ratesOf(card: PriceCard): PriceRates {
  return { cpuMicroMinorPerVcpuHour: card.cpuMicroMinorPerVcpuHour, memoryMicroMinorPerGiBHour: card.memoryMicroMinorPerGiBHour };
}

export async function listPriceCards(db: Database): Promise<PriceCard[]> {
  return db.select().from(priceCards).orderBy(desc(priceCards.version));
}

export interface NewPriceCard {
  currency: string;
  cpuMicroMinorPerVcpuHour: bigint;
  memoryMicroMinorPerGiBHour: bigint;
  volumeMicroMinorPerGiBMonth: bigint;
  effectiveFrom: Date;
  note?: string | null;
}

/** Adds the next version. Its time must not be in the past (past usage is never re-priced) nor equal another card's. */
export async function createPriceCard(db: Database, input: NewPriceCard, createdBy: string | null, now = new Date()): Promise<PriceCard> {
  if (input.effectiveFrom.getTime() < now.getTime()) {
    throw new ApiError("validation_failed", "A new price card takes effect now or later: past usage keeps the prices it ran under.", [
      { field: "body.effectiveFrom", message: "must not be in the past" },
    ]);
  }
  for (const [field, value] of Object.entries({ cpuMicroMinorPerVcpuHour: input.cpuMicroMinorPerVcpuHour, memoryMicroMinorPerGiBHour: input.memoryMicroMinorPerGiBHour, volumeMicroMinorPerGiBMonth: input.volumeMicroMinorPerGiBMonth })) {
    if (value < 0n) throw new ApiError("validation_failed", `${field} must not be negative`, [{ field: `body.${field}`, message: "must not be negative" }]);
  }
  const ledgerCurrency = await db.execute<{ currency: string }>(sql`select currency from ledger_accounts where id = 'platform:cash'`);
  const currency = (ledgerCurrency as unknown as { rows: { currency: string }[] }).rows[0]?.currency;
  if (currency && currency !== input.currency) {
    throw new ApiError("validation_failed", `Prices are in the ledger's currency, ${currency}`, [{ field: "body.currency", message: `must be ${currency}` }]);
  }
  return db.transaction(async (tx) => {
    // One writer at a time picks the next version number.
    await tx.execute(sql`lock table price_cards in share row exclusive mode`);
    const [clash] = await tx.select({ version: priceCards.version }).from(priceCards).where(eq(priceCards.effectiveFrom, input.effectiveFrom));
    if (clash) throw new ApiError("conflict", `Price card ${clash.version} already takes effect at ${input.effectiveFrom.toISOString()}`);
    const [latest] = await tx.select({ version: priceCards.version }).from(priceCards).orderBy(desc(priceCards.version)).limit(1);
    const [card] = await tx
      .insert(priceCards)
      .values({ ...input, note: input.note ?? null, version: (latest?.version ?? 0) + 1, createdBy })
      .returning();
    return card;
  });
}

export async function priceCardAt(db: Database, at: Date): Promise<PriceCard> {
  const [card] = await db.select().from(priceCards).where(lte(priceCards.effectiveFrom, at)).orderBy(desc(priceCards.effectiveFrom)).limit(1);
  if (!card) throw new Error(`no price card is in force at ${at.toISOString()}`);
  return card;
}

export async function priceCardsBetween(db: Database, from: Date, to: Date): Promise<PriceCard[]> {
  const first = await priceCardAt(db, from);
  const later = await db
    .select()
    .from(priceCards)
    .where(and(gt(priceCards.effectiveFrom, from), sql`${priceCards.effectiveFrom} < ${to}`))
    .orderBy(asc(priceCards.effectiveFrom));
  return [first, ...later];
}

export async function priceChangesBetween(db: Database, from: Date, to: Date): Promise<number[]> {
  const cards = await priceCardsBetween(db, from, to);
  return cards.slice(1).map((card) => Math.floor(card.effectiveFrom.getTime() / 1000));
}

export type PlanVersion = typeof planVersions.$inferSelect;

export interface PlanWithVersion extends PlanVersion {
  /** Tenants on the plan now. */
  tenantCount: number;
}

export async function listPlans(db: Database): Promise<PlanWithVersion[]> {
  const result = await db.execute<{ plan_name: string; version: number; tenant_count: string }>(sql`
    select v.plan_name, v.version, (select count(*) from tenants t where t.plan_name = v.plan_name and t.status <> 'deleted')::text as tenant_count
    from plan_versions v
    where v.version = (select max(version) from plan_versions w where w.plan_name = v.plan_name)
    order by v.plan_name`);
  const latest = (result as unknown as { rows: { plan_name: string; version: number; tenant_count: string }[] }).rows;
  const out: PlanWithVersion[] = [];
  for (const row of latest) {
    const [version] = await db.select().from(planVersions).where(and(eq(planVersions.planName, row.plan_name), eq(planVersions.version, row.version)));
    out.push({ ...version, tenantCount: Number(row.tenant_count) });
  }
  return out;
}

export interface NewPlanVersion {
  planName: string;
  requestsCpuMillicores: number;
  requestsMemoryMiB: number;
  limitsCpuMillicores: number;
  limitsMemoryMiB: number;
  pods: number;
  volumes: number;
  includedCreditMinor: bigint;
  currency: string;
}

/**
 * Writes the plan's next version (its first one makes a new plan) and copies the quota into `plans`, which
 * provisioning reads. Tenants already provisioned keep their ResourceQuota until they are reconciled.
 */
export async function createPlanVersion(db: Database, input: NewPlanVersion, createdBy: string | null, now = new Date()): Promise<PlanWithVersion> {
  if (input.limitsCpuMillicores < input.requestsCpuMillicores || input.limitsMemoryMiB < input.requestsMemoryMiB) {
    throw new ApiError("validation_failed", "A plan's limits are at least its requests", [{ field: "body.limitsCpuMillicores", message: "must be at least the requests" }]);
  }
  if (input.includedCreditMinor < 0n) throw new ApiError("validation_failed", "Included credit is not negative", [{ field: "body.includedCreditMinor", message: "must not be negative" }]);
  const quota = {
    requestsCpuMillicores: input.requestsCpuMillicores,
    requestsMemoryMiB: input.requestsMemoryMiB,
    limitsCpuMillicores: input.limitsCpuMillicores,
    limitsMemoryMiB: input.limitsMemoryMiB,
    pods: input.pods,
  };
  const version = await db.transaction(async (tx) => {
    await tx.insert(plans).values({ name: input.planName, ...quota }).onConflictDoUpdate({ target: plans.name, set: quota });
    // The plans row is now locked by this transaction, so concurrent versions of one plan are numbered in turn.
    const [latest] = await tx.select({ version: planVersions.version }).from(planVersions).where(eq(planVersions.planName, input.planName)).orderBy(desc(planVersions.version)).limit(1);
    const [row] = await tx
      .insert(planVersions)
      .values({ ...input, version: (latest?.version ?? 0) + 1, effectiveFrom: now, createdBy })
      .returning();
    return row;
  });
  const count = await db.execute<{ n: string }>(sql`select count(*)::text as n from tenants where plan_name = ${input.planName} and status <> 'deleted'`);
  return { ...version, tenantCount: Number((count as unknown as { rows: { n: string }[] }).rows[0]?.n ?? 0) };
}

/** The contract form of a price card (rates as decimal strings). */
export function toPriceCard(card: PriceCard): PriceCardDto {
  return {
    version: card.version,
    currency: card.currency,
    cpuMicroMinorPerVcpuHour: card.cpuMicroMinorPerVcpuHour.toString(),
    memoryMicroMinorPerGiBHour: card.memoryMicroMinorPerGiBHour.toString(),
    volumeMicroMinorPerGiBMonth: card.volumeMicroMinorPerGiBMonth.toString(),
    effectiveFrom: card.effectiveFrom.toISOString(),
    createdAt: card.createdAt.toISOString(),
    createdBy: card.createdBy,
    note: card.note,
  };
}

export function toPlan(plan: PlanWithVersion): PlanDto {
  return {
    name: plan.planName,
    version: plan.version,
    requestsCpuMillicores: plan.requestsCpuMillicores,
    requestsMemoryMiB: plan.requestsMemoryMiB,
    limitsCpuMillicores: plan.limitsCpuMillicores,
    limitsMemoryMiB: plan.limitsMemoryMiB,
    pods: plan.pods,
    volumes: plan.volumes,
    includedCreditMinor: plan.includedCreditMinor.toString(),
    currency: plan.currency,
    effectiveFrom: plan.effectiveFrom.toISOString(),
    tenantCount: plan.tenantCount,
  };
}
