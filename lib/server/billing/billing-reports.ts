import "server-only";
import { sql } from "drizzle-orm";
import type { TenantBalance, TenantTransaction, TenantTransactionPage } from "@/lib/contracts/billing";
import type { Database } from "@/lib/server/db/database";
import { ApiError } from "@/lib/server/http/api-error";
import { getBalance, tenantAccountId } from "./ledger";
import { getBillingState } from "./suspension";

// Read models of the ledger: a tenant's balance and history, tenants by balance, the revenue summary. Amounts leave
// as decimal strings of minor units (lib/contracts/billing.ts MinorAmount).

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

function badCursor(): ApiError {
  return new ApiError("validation_failed", "Unknown cursor: start again without one.", [{ field: "query.cursor", message: "not a cursor of this list" }]);
}

/** The tenant's balance with its billing state (the balance rules of suspension.ts own the state). */
export async function getTenantBalance(db: Database, tenantId: string): Promise<TenantBalance> {
  const [balance, billing] = await Promise.all([getBalance(db, tenantId), getBillingState(db, tenantId)]);
  return {
    balanceMinor: balance.balanceMinor.toString(),
    floorMinor: balance.floorMinor.toString(),
    currency: balance.currency,
    state: billing.state,
    warnedAt: billing.warnedAt?.toISOString() ?? null,
    suspendedAt: billing.suspendedAt?.toISOString() ?? null,
  };
}

/** The tenant's ledger transactions, newest first; the cursor is the id of the last row. */
export async function listTenantTransactions(db: Database, tenantId: string, page: { limit: number; cursor?: string }): Promise<TenantTransactionPage> {
  let after = sql``;
  if (page.cursor) {
    // The cursor is the last row's id; its created_at is read back from the row, keeping the database's microseconds.
    if (!/^[0-9a-f-]{36}$/.test(page.cursor)) throw badCursor();
    after = sql`and (t.created_at, t.id) < (select c.created_at, c.id from ledger_transactions c where c.id = ${page.cursor}::uuid)`;
  }
  const account = tenantAccountId(tenantId);
  const rows = rowsOf<{
    id: string;
    kind: TenantTransaction["kind"];
    memo: string;
    metadata: Record<string, unknown> | null;
    created_at: string | Date;
    amount: string;
    balance_after: string | null;
    uncollected: string;
    currency: string;
  }>(
    await db.execute(sql`
      select t.id, t.kind, t.memo, t.metadata, t.created_at,
        coalesce(sum(e.amount_minor) filter (where e.account_id = ${account}), 0)::text as amount,
        (array_agg(e.balance_after_minor::text order by e.id desc) filter (where e.account_id = ${account}))[1] as balance_after,
        (-coalesce(sum(e.amount_minor) filter (where e.account_id = 'platform:uncollected'), 0))::text as uncollected,
        min(a.currency) as currency
      from ledger_transactions t
      join ledger_entries e on e.transaction_id = t.id
      join ledger_accounts a on a.id = e.account_id
      where t.tenant_id = ${tenantId}::uuid ${after}
      group by t.id
      order by t.created_at desc, t.id desc
      limit ${page.limit + 1}`),
  );
  // A charge taken entirely as uncollected has no entry on the tenant's account: its balance is the one before.
  const items = rows.slice(0, page.limit).map((row): TenantTransaction => {
    const createdAt = new Date(row.created_at);
    const meta = row.metadata ?? {};
    return {
      id: row.id,
      kind: row.kind,
      memo: row.memo,
      amountMinor: row.amount,
      balanceAfterMinor: row.balance_after ?? "0",
      uncollectedMinor: row.uncollected,
      currency: row.currency,
      createdAt: createdAt.toISOString(),
      periodStart: typeof meta.periodStart === "string" ? meta.periodStart : null,
      periodEnd: typeof meta.periodEnd === "string" ? meta.periodEnd : null,
    };
  });
  const last = rows.length > page.limit ? rows[page.limit - 1] : null;
  return { items: fillBalances(items, rows.slice(0, page.limit)), nextCursor: last ? last.id : null };
}

function fillBalances(items: TenantTransaction[], rows: { balance_after: string | null }[]): TenantTransaction[] {
  // Walking oldest to newest, a transaction without a tenant entry leaves the balance as the previous one did.
  for (let i = items.length - 1; i >= 0; i--) {
    if (rows[i].balance_after === null) items[i] = { ...items[i], balanceAfterMinor: i + 1 < items.length ? items[i + 1].balanceAfterMinor : items[i].balanceAfterMinor };
  }
  return items;
}

export interface TenantBalanceRow {
  tenantId: string;
  slug: string;
  name: string;
  status: string;
  planName: string;
  balanceMinor: string;
  floorMinor: string;
  currency: string;
}

/** Tenants ordered by balance (tenants never charged count as 0); the cursor is "<balance>|<id>". */
export async function listTenantsByBalance(db: Database, page: { limit: number; cursor?: string; order: "asc" | "desc" }): Promise<{ items: TenantBalanceRow[]; nextCursor: string | null }> {
  let after = sql``;
  if (page.cursor) {
    const [balance, id] = page.cursor.split("|");
    if (!/^-?\d{1,18}$/.test(balance ?? "") || !/^[0-9a-f-]{36}$/.test(id ?? "")) throw badCursor();
    after = page.order === "asc" ? sql`where (balance, id) > (${balance}::bigint, ${id}::uuid)` : sql`where (balance, id) < (${balance}::bigint, ${id}::uuid)`;
  }
  const direction = page.order === "asc" ? sql`asc` : sql`desc`;
  const rows = rowsOf<{ id: string; slug: string; name: string; status: string; plan_name: string; balance: string; floor: string; currency: string }>(
    await db.execute(sql`
      select * from (
        select t.id, t.slug, t.name, t.status, t.plan_name, coalesce(a.balance_minor, 0) as balance,
          coalesce(a.floor_minor, 0)::text as floor, coalesce(a.currency, (select currency from ledger_accounts where id = 'platform:cash')) as currency
        from tenants t left join ledger_accounts a on a.tenant_id = t.id and a.kind = 'tenant_prepaid'
        where t.status <> 'deleted') ranked
      ${after}
      order by balance ${direction}, id ${direction}
      limit ${page.limit + 1}`),
  );
  const items = rows.slice(0, page.limit).map((row) => ({
    tenantId: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    planName: row.plan_name,
    balanceMinor: String(row.balance),
    floorMinor: row.floor,
    currency: row.currency,
  }));
  const last = rows.length > page.limit ? items.at(-1) : null;
  return { items, nextCursor: last ? `${last.balanceMinor}|${last.tenantId}` : null };
}

export interface RevenueSummaryRow {
  from: string;
  to: string;
  currency: string;
  usageChargedMinor: string;
  uncollectedMinor: string;
  cashReceivedMinor: string;
  promotionsMinor: string;
  prepaidOutstandingMinor: string;
  transactions: number;
}

/** Sums of the platform accounts' entries over [from, to). */
export async function getRevenueSummary(db: Database, range: { from: Date; to: Date }): Promise<RevenueSummaryRow> {
  if (range.to.getTime() <= range.from.getTime()) throw new ApiError("validation_failed", "`to` comes after `from`", [{ field: "query.to", message: "must be after from" }]);
  const [row] = rowsOf<{ revenue: string; uncollected: string; cash: string; promotions: string; transactions: string }>(
    await db.execute(sql`
      select
        coalesce(sum(e.amount_minor) filter (where e.account_id = 'platform:revenue'), 0)::text as revenue,
        (-coalesce(sum(e.amount_minor) filter (where e.account_id = 'platform:uncollected'), 0))::text as uncollected,
        (-coalesce(sum(e.amount_minor) filter (where e.account_id = 'platform:cash'), 0))::text as cash,
        (-coalesce(sum(e.amount_minor) filter (where e.account_id = 'platform:promotions'), 0))::text as promotions,
        count(distinct t.id)::text as transactions
      from ledger_transactions t join ledger_entries e on e.transaction_id = t.id
      where t.created_at >= ${range.from.toISOString()}::timestamptz and t.created_at < ${range.to.toISOString()}::timestamptz`),
  );
  const [outstanding] = rowsOf<{ total: string; currency: string }>(
    await db.execute(sql`
      select coalesce(sum(balance_minor) filter (where kind = 'tenant_prepaid'), 0)::text as total,
        min(currency) filter (where id = 'platform:cash') as currency
      from ledger_accounts`),
  );
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    currency: outstanding.currency,
    usageChargedMinor: row.revenue,
    uncollectedMinor: row.uncollected,
    cashReceivedMinor: row.cash,
    promotionsMinor: row.promotions,
    prepaidOutstandingMinor: outstanding.total,
    transactions: Number(row.transactions),
  };
}
