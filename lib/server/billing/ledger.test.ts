import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findLedgerViolations, insertBillingTestTenant } from "@/scripts/test-support/ledger-invariants";
import { DATABASE_ENGINES } from "@/scripts/test-support/postgres-test-database";
import { useMigratedDatabase } from "@/scripts/test-support/use-migrated-database";
import { type DatabaseHandle } from "@/lib/server/db/database";
import { chargeUsage, creditTenant, getBalance, onBalanceChanged, postTransaction, setTenantFloor, tenantAccountId } from "./ledger";

/** The database's own message, wherever the driver wrapped it (node-postgres errors come as the cause). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const messages: string[] = [];
    for (let current = error as { message?: string; cause?: unknown } | undefined; current; current = current.cause as typeof current) messages.push(String(current.message));
    return messages.join(" | ");
  }
  return "accepted";
}

describe.each(DATABASE_ENGINES)("ledger on %s", (_label, prepare) => {
  let handle: DatabaseHandle;
  useMigratedDatabase(prepare, (opened) => (handle = opened));

  it("seeds the platform accounts, the first price card and a version of every plan", async () => {
    const accounts = await handle.db.execute(sql`select id from ledger_accounts order by id`);
    expect((accounts as unknown as { rows: { id: string }[] }).rows.map((row) => row.id)).toEqual([
      "platform:cash",
      "platform:promotions",
      "platform:revenue",
      "platform:uncollected",
    ]);
    const cards = await handle.db.execute(sql`select version, currency, cpu_micro_minor_per_vcpu_hour::text as cpu from price_cards`);
    expect((cards as unknown as { rows: unknown[] }).rows).toEqual([{ version: 1, currency: "USD", cpu: "4000000" }]);
    const plans = await handle.db.execute(sql`select p.name from plans p left join plan_versions v on v.plan_name = p.name where v.version is null`);
    expect((plans as unknown as { rows: unknown[] }).rows).toEqual([]);
  });

  it("credits a tenant once per idempotency key and keeps every balance equal to its entries", async () => {
    const tenantId = await insertBillingTestTenant(handle.db, "credit-once");
    const changed: string[] = [];
    const unsubscribe = onBalanceChanged((id) => void changed.push(id));
    const first = await creditTenant(handle.db, { tenantId, idempotencyKey: "credit-1", amountMinor: 1_000n, kind: "topup_operator", from: "platform:cash", memo: "welcome" });
    const again = await creditTenant(handle.db, { tenantId, idempotencyKey: "credit-1", amountMinor: 1_000n, kind: "topup_operator", from: "platform:cash", memo: "welcome" });
    unsubscribe();
    expect(first).toMatchObject({ replayed: false, balanceAfterMinor: 1_000n });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await getBalance(handle.db, tenantId)).toEqual({ balanceMinor: 1_000n, floorMinor: 0n, currency: "USD" });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(changed).toEqual([tenantId]);
    expect(await findLedgerViolations(handle.db)).toEqual([]);
  });

  it("charges usage down to the floor and records the rest as uncollected", async () => {
    const tenantId = await insertBillingTestTenant(handle.db, "charge-floor");
    await creditTenant(handle.db, { tenantId, idempotencyKey: "charge-floor-topup", amountMinor: 300n, kind: "topup_operator", from: "platform:cash", memo: "top-up" });
    const period = { periodStart: new Date("2026-12-01T10:00:00Z"), periodEnd: new Date("2026-12-01T11:00:00Z") };
    const partial = await chargeUsage(handle.db, { tenantId, idempotencyKey: "charge-1", amountMinor: 500n, memo: "usage", ...period });
    expect(partial).toMatchObject({ chargedMinor: 300n, uncollectedMinor: 200n, balanceAfterMinor: 0n, replayed: false });
    const atFloor = await chargeUsage(handle.db, { tenantId, idempotencyKey: "charge-2", amountMinor: 70n, memo: "usage", ...period });
    expect(atFloor).toMatchObject({ chargedMinor: 0n, uncollectedMinor: 70n, balanceAfterMinor: 0n });
    expect(await chargeUsage(handle.db, { tenantId, idempotencyKey: "charge-1", amountMinor: 500n, memo: "usage", ...period })).toEqual({ ...partial, replayed: true });
    expect(await findLedgerViolations(handle.db)).toEqual([]);
  });

  it("lets a credit limit (a negative floor) absorb charges", async () => {
    const tenantId = await insertBillingTestTenant(handle.db, "credit-limit");
    await setTenantFloor(handle.db, tenantId, -1_000n);
    const charged = await chargeUsage(handle.db, { tenantId, idempotencyKey: "limit-1", amountMinor: 400n, memo: "usage", periodStart: new Date(0), periodEnd: new Date(3_600_000) });
    expect(charged).toMatchObject({ chargedMinor: 400n, uncollectedMinor: 0n, balanceAfterMinor: -400n });
    await expect(setTenantFloor(handle.db, tenantId, -100n)).rejects.toThrow(/already below/);
  });

  it("refuses an unbalanced transaction and a debit below the floor", async () => {
    const tenantId = await insertBillingTestTenant(handle.db, "refusals");
    await expect(
      postTransaction(handle.db, { idempotencyKey: "unbalanced", kind: "adjustment", tenantId, memo: "bad", entries: [{ account: tenantAccountId(tenantId), amountMinor: 5n }, { account: "platform:cash", amountMinor: -4n }] }),
    ).rejects.toThrow(/does not balance/);
    await expect(
      postTransaction(handle.db, { idempotencyKey: "overdraw", kind: "adjustment", tenantId, memo: "bad", entries: [{ account: tenantAccountId(tenantId), amountMinor: -5n }, { account: "platform:cash", amountMinor: 5n }] }),
    ).rejects.toThrow(/below its floor/);
    expect(await findLedgerViolations(handle.db)).toEqual([]);
  });

  it("refuses, in the database, to commit entries that do not sum to zero", async () => {
    const tenantId = await insertBillingTestTenant(handle.db, "db-balance");
    expect(await refusal(handle.db.transaction(async (tx) => {
        const inserted = await tx.execute(sql`insert into ledger_transactions (idempotency_key, kind, tenant_id, memo) values ('raw-unbalanced', 'adjustment', ${tenantId}, 'raw') returning id`);
        const id = (inserted as unknown as { rows: { id: string }[] }).rows[0].id;
        await tx.execute(sql`insert into ledger_entries (transaction_id, account_id, amount_minor, balance_after_minor) values (${id}, 'platform:cash', 10, 10), (${id}, 'platform:revenue', -9, -9)`);
      }))).toMatch(/does not balance/);
    const left = await handle.db.execute(sql`select 1 from ledger_transactions where idempotency_key = 'raw-unbalanced'`);
    expect((left as unknown as { rows: unknown[] }).rows).toHaveLength(0);
  });

  it("rejects UPDATE and DELETE of ledger entries and transactions", async () => {
    const tenantId = await insertBillingTestTenant(handle.db, "append-only");
    await creditTenant(handle.db, { tenantId, idempotencyKey: "append-only-credit", amountMinor: 50n, kind: "topup_operator", from: "platform:cash", memo: "x" });
    expect(await refusal(handle.db.execute(sql`update ledger_entries set amount_minor = amount_minor * 2`))).toMatch(/append-only/);
    expect(await refusal(handle.db.execute(sql`delete from ledger_entries`))).toMatch(/append-only/);
    expect(await refusal(handle.db.execute(sql`update ledger_transactions set memo = 'rewritten'`))).toMatch(/append-only/);
    expect(await refusal(handle.db.execute(sql`delete from ledger_transactions`))).toMatch(/append-only/);
    expect(await refusal(handle.db.execute(sql`truncate ledger_entries, ledger_transactions cascade`))).toMatch(/append-only/);
    expect(await refusal(handle.db.execute(sql`update price_cards set cpu_micro_minor_per_vcpu_hour = 1`))).toMatch(/append-only/);
    expect(await findLedgerViolations(handle.db)).toEqual([]);
  });
});
