import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db/database";
import { logger } from "@/lib/server/logger";
import { creditTenant } from "./ledger";

// A plan's monthly included credit (DESIGN.md § Billing). Each tenant is credited its plan's included credit once
// per calendar month (UTC), from platform:promotions, under the idempotency key `included:<tenantId>:<YYYY-MM>`,
// so whoever calls it — tenant creation, the meter tick at the start of a month, a retry — it is granted at most
// once per tenant-month. The amount is that of the plan version in force when the grant is made.

/** The calendar month (UTC) of a time, as YYYY-MM. */
export function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

export function includedCreditKey(tenantId: string, month: string): string {
  return `included:${tenantId}:${month}`;
}

export interface IncludedCreditGrant {
  tenantId: string;
  month: string;
  /** 0 when the tenant's plan includes no credit (nothing is posted). */
  grantedMinor: bigint;
  transactionId: string | null;
  replayed: boolean;
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Credits a tenant its plan's included credit for `month` (YYYY-MM, default the month of `at`), at most once. */
export async function grantIncludedCredit(db: Database, tenantId: string, options: { month?: string; at?: Date } = {}): Promise<IncludedCreditGrant> {
  const at = options.at ?? new Date();
  const month = options.month ?? monthOf(at);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Error(`not a month (YYYY-MM): ${month}`);
  const [plan] = rowsOf<{ plan_name: string; version: number; included: string; currency: string }>(
    await db.execute(sql`
      select v.plan_name, v.version, v.included_credit_minor::text as included, v.currency
      from tenants t
      join lateral (
        select * from plan_versions v where v.plan_name = t.plan_name and v.effective_from <= ${at.toISOString()}::timestamptz
        order by v.version desc limit 1
      ) v on true
      where t.id = ${tenantId}::uuid`),
  );
  if (!plan) throw new Error(`tenant ${tenantId} not found or its plan has no version in force`);
  const amountMinor = BigInt(plan.included);
  if (amountMinor <= 0n) return { tenantId, month, grantedMinor: 0n, transactionId: null, replayed: false };
  const posted = await creditTenant(db, {
    tenantId,
    idempotencyKey: includedCreditKey(tenantId, month),
    amountMinor,
    kind: "included_credit",
    from: "platform:promotions",
    memo: `Included credit of plan ${plan.plan_name} for ${month}`,
    metadata: { month, planName: plan.plan_name, planVersion: plan.version, currency: plan.currency },
  });
  return { tenantId, month, grantedMinor: amountMinor, transactionId: posted.transactionId, replayed: posted.replayed };
}

/**
 * Grants this month's included credit to every billable tenant (active or suspended) whose plan includes some and
 * that has not had it yet: one query finds them (an index probe per tenant on the idempotency key), so a tick
 * after the grants costs that query alone. Returns the grants made; one tenant's failure does not stop the others.
 */
export async function grantDueIncludedCredit(db: Database, at: Date = new Date(), onError?: (error: unknown) => void): Promise<IncludedCreditGrant[]> {
  const month = monthOf(at);
  const due = rowsOf<{ id: string }>(
    await db.execute(sql`
      select t.id from tenants t
      where t.status in ('active', 'suspended')
        and not exists (select 1 from ledger_transactions lt where lt.idempotency_key = 'included:' || t.id::text || ':' || ${month})
        and (
          select v.included_credit_minor from plan_versions v
          where v.plan_name = t.plan_name and v.effective_from <= ${at.toISOString()}::timestamptz
          order by v.version desc limit 1
        ) > 0
      order by t.id`),
  );
  const grants: IncludedCreditGrant[] = [];
  for (const { id } of due) {
    try {
      grants.push(await grantIncludedCredit(db, id, { month, at }));
    } catch (error) {
      onError?.(error);
    }
  }
  return grants;
}

/**
 * A new tenant's first included credit, right after its row is committed. Never fails the caller (sign-up, a new
 * tenant): a failure is logged and the meter tick grants it later under the same key.
 */
export async function grantFirstIncludedCredit(db: Database, tenant: { id: string; slug: string }, at: Date = new Date()): Promise<void> {
  try {
    await grantIncludedCredit(db, tenant.id, { at });
  } catch (error) {
    logger().warn({ err: error, tenant: tenant.slug }, "granting a new tenant's included credit failed; the billing meter will grant it");
  }
}
