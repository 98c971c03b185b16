import { sql } from "drizzle-orm";
import type { Database } from "../../lib/server/db/database";

// The ledger's invariants as SQL, each query returning its violations (none when the ledger is sound). Property
// and concurrency tests run them after every step; billing-meter tests reuse them with their own extra checks.

export interface LedgerViolation {
  invariant: "transaction_balances" | "balance_equals_entries" | "balance_above_floor" | "entry_chain" | "ledger_sums_to_zero";
  detail: Record<string, unknown>;
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Every violation of the ledger's invariants, or [] when there is none. */
export async function findLedgerViolations(db: Database): Promise<LedgerViolation[]> {
  const violations: LedgerViolation[] = [];
  // 1. Double entry: each transaction's entries sum to zero, and no transaction is empty.
  const unbalanced = rowsOf<{ id: string; total: string; entries: string }>(
    await db.execute(sql`
      select t.id, coalesce(sum(e.amount_minor), 0)::text as total, count(e.id)::text as entries
      from ledger_transactions t left join ledger_entries e on e.transaction_id = t.id
      group by t.id having coalesce(sum(e.amount_minor), 0) <> 0 or count(e.id) < 2`),
  );
  for (const row of unbalanced) violations.push({ invariant: "transaction_balances", detail: row });
  // 2. Each account's balance equals the sum of its entries.
  const drifted = rowsOf<{ id: string; balance: string; entries_sum: string }>(
    await db.execute(sql`
      select a.id, a.balance_minor::text as balance, coalesce(sum(e.amount_minor), 0)::text as entries_sum
      from ledger_accounts a left join ledger_entries e on e.account_id = a.id
      group by a.id, a.balance_minor having a.balance_minor <> coalesce(sum(e.amount_minor), 0)`),
  );
  for (const row of drifted) violations.push({ invariant: "balance_equals_entries", detail: row });
  // 3. No balance below its floor. Only the balance now is held to the floor now: a floor can be raised once the
  // balance is back above it (setTenantFloor allows that), so an older entry below today's floor is no violation.
  // Tests run this after every step, so every balance a step leaves is checked against the floor of its time.
  const belowFloor = rowsOf<{ id: string; balance: string; floor: string }>(
    await db.execute(sql`
      select id, balance_minor::text as balance, floor_minor::text as floor
      from ledger_accounts where floor_minor is not null and balance_minor < floor_minor`),
  );
  for (const row of belowFloor) violations.push({ invariant: "balance_above_floor", detail: row });
  // 4. Each entry's balance_after continues the previous one of its account.
  const broken = rowsOf<{ id: string; account_id: string }>(
    await db.execute(sql`
      select id::text, account_id from (
        select id, account_id, balance_after_minor,
          sum(amount_minor) over (partition by account_id order by id) as running
        from ledger_entries) chained
      where balance_after_minor <> running`),
  );
  for (const row of broken) violations.push({ invariant: "entry_chain", detail: row });
  // 5. The whole ledger sums to zero.
  const [global] = rowsOf<{ total: string }>(await db.execute(sql`select coalesce(sum(balance_minor), 0)::text as total from ledger_accounts`));
  if (global && global.total !== "0") violations.push({ invariant: "ledger_sums_to_zero", detail: global });
  return violations;
}

/** Creates a tenant row for billing tests (no cluster involved). */
export async function insertBillingTestTenant(db: Database, slug: string): Promise<string> {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into tenants (slug, name, namespace, status) values (${slug}, ${slug}, ${`tenant-${slug}`}, 'active') returning id`),
  );
  return row.id;
}
