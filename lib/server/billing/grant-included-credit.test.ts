import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findLedgerViolations, insertBillingTestTenant } from "@/scripts/test-support/ledger-invariants";
import { DATABASE_ENGINES } from "@/scripts/test-support/postgres-test-database";
import { useMigratedDatabase } from "@/scripts/test-support/use-migrated-database";
import { type DatabaseHandle } from "@/lib/server/db/database";
import { grantDueIncludedCredit, grantIncludedCredit, includedCreditKey } from "./grant-included-credit";
import { getBalance } from "./ledger";
import { createPlanVersion } from "./price-book";
import { MeterService } from "./meter-service";

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

describe.each(DATABASE_ENGINES)("included credit on %s", (_label, prepare) => {
  let handle: DatabaseHandle;
  useMigratedDatabase(prepare, (opened) => (handle = opened));

  async function promotionsBalance(): Promise<bigint> {
    const [row] = rowsOf<{ balance: string }>(await handle.db.execute(sql`select balance_minor::text as balance from ledger_accounts where id = 'platform:promotions'`));
    return BigInt(row.balance);
  }

  it("grants the plan's included credit once per tenant-month, from platform:promotions, however often it is called", async () => {
    const tenantId = await insertBillingTestTenant(handle.db, "included-once");
    const promotionsBefore = await promotionsBalance();
    const at = new Date("2026-12-04T13:00:00Z");
    const first = await grantIncludedCredit(handle.db, tenantId, { at });
    const again = await grantIncludedCredit(handle.db, tenantId, { at: new Date("2026-12-31T23:59:59Z") });
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => grantIncludedCredit(handle.db, tenantId, { month: "2026-12", at })));
    expect(first).toMatchObject({ month: "2026-12", grantedMinor: 500n, replayed: false });
    expect(again).toMatchObject({ month: "2026-12", transactionId: first.transactionId, replayed: true });
    expect(concurrent.every((grant) => grant.replayed && grant.transactionId === first.transactionId)).toBe(true);
    expect((await getBalance(handle.db, tenantId)).balanceMinor).toBe(500n);
    expect(await promotionsBalance()).toBe(promotionsBefore - 500n);
    const transactions = rowsOf<{ kind: string; idempotency_key: string }>(
      await handle.db.execute(sql`select kind, idempotency_key from ledger_transactions where tenant_id = ${tenantId}::uuid`),
    );
    expect(transactions).toEqual([{ kind: "included_credit", idempotency_key: includedCreditKey(tenantId, "2026-12") }]);
    expect(await findLedgerViolations(handle.db)).toEqual([]);
  });

  it("grants again in a new month, adding to what is left", async () => {
    const tenantId = await insertBillingTestTenant(handle.db, "included-monthly");
    await grantIncludedCredit(handle.db, tenantId, { at: new Date("2026-11-15T00:00:00Z") });
    const january = await grantIncludedCredit(handle.db, tenantId, { at: new Date("2027-01-01T00:00:00Z") });
    const december = await grantIncludedCredit(handle.db, tenantId, { at: new Date("2026-12-01T00:00:00Z") });
    expect([january.month, january.replayed, december.month, december.replayed]).toEqual(["2027-01", false, "2026-12", false]);
    expect((await getBalance(handle.db, tenantId)).balanceMinor).toBe(1_500n);
    expect(await findLedgerViolations(handle.db)).toEqual([]);
  });

  it("posts nothing for a plan without included credit and uses the plan version in force", async () => {
    await createPlanVersion(
      handle.db,
      { planName: "bare", requestsCpuMillicores: 1000, requestsMemoryMiB: 1024, limitsCpuMillicores: 1000, limitsMemoryMiB: 1024, pods: 2, volumes: 0, includedCreditMinor: 0n, currency: "USD" },
      null,
      new Date("2026-01-01T00:00:00Z"),
    );
    const bare = await insertBillingTestTenant(handle.db, "included-bare");
    await handle.db.execute(sql`update tenants set plan_name = 'bare' where id = ${bare}::uuid`);
    expect(await grantIncludedCredit(handle.db, bare, { at: new Date("2026-12-04T00:00:00Z") })).toMatchObject({ grantedMinor: 0n, transactionId: null });
    expect((await getBalance(handle.db, bare)).balanceMinor).toBe(0n);

    await createPlanVersion(
      handle.db,
      { planName: "bare", requestsCpuMillicores: 1000, requestsMemoryMiB: 1024, limitsCpuMillicores: 1000, limitsMemoryMiB: 1024, pods: 2, volumes: 0, includedCreditMinor: 250n, currency: "USD" },
      null,
      new Date("2026-12-10T00:00:00Z"),
    );
    expect(await grantIncludedCredit(handle.db, bare, { at: new Date("2026-12-05T00:00:00Z") })).toMatchObject({ grantedMinor: 0n });
    expect(await grantIncludedCredit(handle.db, bare, { at: new Date("2027-01-01T00:00:00Z") })).toMatchObject({ grantedMinor: 250n, replayed: false });
    expect((await getBalance(handle.db, bare)).balanceMinor).toBe(250n);
    expect(await findLedgerViolations(handle.db)).toEqual([]);
  });

  it("the meter tick grants every billable tenant lacking this month's credit, once, and skips the others", async () => {
    const at = new Date("2027-03-01T00:00:05Z");
    const active = await insertBillingTestTenant(handle.db, "included-tick-active");
    const suspended = await insertBillingTestTenant(handle.db, "included-tick-suspended");
    await handle.db.execute(sql`update tenants set status = 'suspended' where id = ${suspended}::uuid`);
    const deleted = await insertBillingTestTenant(handle.db, "included-tick-deleted");
    await handle.db.execute(sql`update tenants set status = 'deleted' where id = ${deleted}::uuid`);
    const provisioning = await insertBillingTestTenant(handle.db, "included-tick-provisioning");
    await handle.db.execute(sql`update tenants set status = 'provisioning' where id = ${provisioning}::uuid`);
    const already = await insertBillingTestTenant(handle.db, "included-tick-already");
    await grantIncludedCredit(handle.db, already, { at });

    const errors: unknown[] = [];
    const scaled: string[] = [];
    // Tenants in credit are neither scaled down nor restored; any call to the cluster is recorded and fails the test.
    const cluster = {
      scaleToZero: async (namespace: string) => (scaled.push(`down ${namespace}`), []),
      restore: async (namespace: string) => (scaled.push(`up ${namespace}`), []),
    };
    // No watch cache: the tick grants the credit (it needs no cluster) and then meters nothing.
    const service = new MeterService({
      database: async () => handle.db,
      cache: () => undefined,
      cluster: () => cluster,
      rules: { lowBalanceMinor: 100n, graceSeconds: 60 },
      intervalMs: 60_000,
      now: () => at,
      onError: (error) => errors.push(error),
    });
    try {
      await service.tick();
      await service.tick();
    } finally {
      await service.stop();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(errors).toEqual([]);
    expect(scaled).toEqual([]);
    const balances = await Promise.all([active, suspended, deleted, provisioning, already].map(async (id) => (await getBalance(handle.db, id)).balanceMinor));
    expect(balances).toEqual([500n, 500n, 0n, 0n, 500n]);
    const granted = rowsOf<{ n: string }>(
      await handle.db.execute(sql`select count(*)::text as n from ledger_transactions where kind = 'included_credit' and idempotency_key like ${"included:%:2027-03"}`),
    );
    // Every active or suspended tenant of this database (all on plans with credit by now), each exactly once.
    const billable = rowsOf<{ n: string }>(
      await handle.db.execute(sql`select count(*)::text as n from tenants where status in ('active', 'suspended')`),
    );
    expect(granted[0].n).toBe(billable[0].n);
    expect(await grantDueIncludedCredit(handle.db, at)).toEqual([]);
    expect(await findLedgerViolations(handle.db)).toEqual([]);
  });
});
