import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "@/lib/server/auth/actor";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "@/lib/server/db/database";
import { ApiError } from "@/lib/server/http/api-error";
import { findLedgerViolations, insertBillingTestTenant } from "@/scripts/test-support/ledger-invariants";
import { createPostgresTestDatabase } from "@/scripts/test-support/postgres-test-database";
import { applyPaymentEvent } from "./apply-payment-event";
import { chargeUsage, creditTenant, getBalance, setTenantFloor } from "./ledger";
import { creditTenantByOperator } from "./top-ups";
import { createVoucherBatch, redeemVoucher } from "./vouchers";

// Random sequences of top-ups, operator credits, vouchers, charges, floor changes and replays of earlier requests,
// on the real PostgreSQL server. After every step the ledger's SQL invariants hold (each transaction sums to zero,
// each balance equals its entries, no balance below its floor) and every balance equals a plain model's.

type Step =
  | { kind: "topup"; tenant: number; amount: bigint }
  | { kind: "operator"; tenant: number; amount: bigint }
  | { kind: "voucher"; tenant: number; amount: bigint; thief: number }
  | { kind: "charge"; tenant: number; amount: bigint }
  | { kind: "floor"; tenant: number; floor: bigint }
  | { kind: "replay"; index: number };

const TENANTS = 3;
const tenantIndex = fc.integer({ min: 0, max: TENANTS - 1 });
const amount = fc.bigInt({ min: 1n, max: 5_000n });

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("topup" as const), tenant: tenantIndex, amount }),
  fc.record({ kind: fc.constant("operator" as const), tenant: tenantIndex, amount }),
  fc.record({ kind: fc.constant("voucher" as const), tenant: tenantIndex, amount, thief: tenantIndex }),
  fc.record({ kind: fc.constant("charge" as const), tenant: tenantIndex, amount: fc.bigInt({ min: 0n, max: 8_000n }) }),
  fc.record({ kind: fc.constant("charge" as const), tenant: tenantIndex, amount: fc.bigInt({ min: 0n, max: 8_000n }) }),
  fc.record({ kind: fc.constant("floor" as const), tenant: tenantIndex, floor: fc.bigInt({ min: -2_000n, max: 0n }) }),
  fc.record({ kind: fc.constant("replay" as const), index: fc.nat() }),
);

let handle: DatabaseHandle;
let drop: () => Promise<void>;
let run = 0;

beforeAll(async () => {
  const database = await createPostgresTestDatabase();
  drop = database.drop;
  handle = await openDatabase({ kind: "postgres", url: database.url });
  await migrateDatabase(handle);
});

afterAll(async () => {
  await handle?.close();
  await drop?.();
});

const operator: UserActor = { kind: "user", userId: randomUUID(), email: "ops@example.com", name: "Ops", platformAdmin: true, sessionId: "property-test" };

describe("ledger invariants under random money movements (PostgreSQL)", () => {
  it("hold after every step, and balances match a model that never goes below the floor", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        run++;
        const db = handle.db;
        const slugs = Array.from({ length: TENANTS }, (_, i) => `prop-${run}-${i}`);
        const ids = await Promise.all(slugs.map((slug) => insertBillingTestTenant(db, slug)));
        const model = ids.map(() => ({ balance: 0n, floor: 0n }));
        // Each applied step is remembered with a function that repeats it under the same idempotency key.
        const done: (() => Promise<void>)[] = [];
        for (const [n, current] of steps.entries()) {
          const key = `prop-${run}-${n}`;
          if (current.kind === "topup") {
            const again = () => creditTenant(db, { tenantId: ids[current.tenant], idempotencyKey: key, amountMinor: current.amount, kind: "topup_payment", from: "platform:cash", memo: "top-up" });
            expect((await again()).replayed).toBe(false);
            model[current.tenant].balance += current.amount;
            done.push(async () => expect((await again()).replayed).toBe(true));
          } else if (current.kind === "operator") {
            const again = () => creditTenantByOperator(db, { tenantSlug: slugs[current.tenant], amountMinor: current.amount, reason: "property test", actor: operator, ledgerKey: key });
            await again();
            model[current.tenant].balance += current.amount;
            done.push(async () => void (await again()));
          } else if (current.kind === "voucher") {
            const { codes } = await createVoucherBatch(db, { count: 1, amountMinor: current.amount, currency: "USD", expiresAt: null, label: "property" }, null);
            await redeemVoucher(db, ids[current.tenant], codes[0], key);
            model[current.tenant].balance += current.amount;
            // A second redemption, by anyone, is refused and moves nothing.
            await expect(redeemVoucher(db, ids[current.thief], codes[0], `${key}-thief`)).rejects.toThrow(ApiError);
            done.push(async () => void (await expect(redeemVoucher(db, ids[current.tenant], codes[0], key)).rejects.toThrow(/already been redeemed/)));
          } else if (current.kind === "charge") {
            const tenant = model[current.tenant];
            const again = () => chargeUsage(db, { tenantId: ids[current.tenant], idempotencyKey: key, amountMinor: current.amount, memo: "usage", periodStart: new Date(n * 3_600_000), periodEnd: new Date((n + 1) * 3_600_000) });
            const charged = await again();
            const available = tenant.balance - tenant.floor;
            const expected = available <= 0n ? 0n : available < current.amount ? available : current.amount;
            expect(charged).toMatchObject({ chargedMinor: expected, uncollectedMinor: current.amount - expected, replayed: false });
            tenant.balance -= expected;
            expect(charged.balanceAfterMinor).toBe(tenant.balance);
            done.push(async () => expect(await again()).toEqual({ ...charged, replayed: true }));
          } else if (current.kind === "floor") {
            const tenant = model[current.tenant];
            if (tenant.balance >= current.floor) {
              await setTenantFloor(db, ids[current.tenant], current.floor);
              tenant.floor = current.floor;
            } else {
              await expect(setTenantFloor(db, ids[current.tenant], current.floor)).rejects.toThrow(/below that floor/);
            }
          } else if (done.length > 0) {
            await done[current.index % done.length]();
          }
          expect(await findLedgerViolations(db)).toEqual([]);
          for (const [i, id] of ids.entries()) {
            const balance = await getBalance(db, id);
            expect(balance.balanceMinor).toBe(model[i].balance);
            expect(balance.balanceMinor >= balance.floorMinor).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
    // Real database round trips on a shared machine: generous room, the speed is not what is tested here.
  }, 600_000);
});

describe("ledger under concurrency (PostgreSQL)", () => {
  it("never takes a small balance below its floor when 200 charges race", async () => {
    const tenantId = await insertBillingTestTenant(handle.db, "race-charges");
    await creditTenant(handle.db, { tenantId, idempotencyKey: "race-charges-topup", amountMinor: 1_000n, kind: "topup_payment", from: "platform:cash", memo: "top-up" });
    const charges = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        chargeUsage(handle.db, { tenantId, idempotencyKey: `race-charge-${i}`, amountMinor: 7n, memo: "usage", periodStart: new Date(0), periodEnd: new Date(3_600_000) }),
      ),
    );
    const charged = charges.reduce((sum, charge) => sum + charge.chargedMinor, 0n);
    const uncollected = charges.reduce((sum, charge) => sum + charge.uncollectedMinor, 0n);
    expect(charged).toBe(1_000n);
    expect(uncollected).toBe(200n * 7n - 1_000n);
    expect(charges.every((charge) => charge.balanceAfterMinor >= 0n)).toBe(true);
    expect(await getBalance(handle.db, tenantId)).toMatchObject({ balanceMinor: 0n });
    expect(await findLedgerViolations(handle.db)).toEqual([]);
  });

  it("posts once when 200 requests carry the same idempotency key", async () => {
    const tenantId = await insertBillingTestTenant(handle.db, "race-replays");
    const results = await Promise.all(
      Array.from({ length: 200 }, () => creditTenant(handle.db, { tenantId, idempotencyKey: "race-replays-once", amountMinor: 250n, kind: "topup_payment", from: "platform:cash", memo: "top-up" })),
    );
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(new Set(results.map((result) => result.transactionId)).size).toBe(1);
    expect((await getBalance(handle.db, tenantId)).balanceMinor).toBe(250n);
    expect(await findLedgerViolations(handle.db)).toEqual([]);
  });
});

describe("payment events in any order (PostgreSQL)", () => {
  it("leave the payment less its refunds credited, whatever the order and however often each is delivered", async () => {
    let payment = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 10_000n }),
        fc.array(fc.bigInt({ min: 1n, max: 3_000n }), { maxLength: 3 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 3 }),
        async (amount, refunds, order, copies) => {
          payment++;
          const tenantId = await insertBillingTestTenant(handle.db, `pay-${payment}`);
          // Refunds never exceed the payment, as a provider guarantees.
          let left = amount;
          const fitting = refunds.map((refund) => (refund <= left ? ((left -= refund), refund) : 0n)).filter((refund) => refund > 0n);
          const events = [
            { eventId: `evt-${payment}-pay`, type: "payment_succeeded" as const, amountMinor: amount },
            ...fitting.map((refund, i) => ({ eventId: `evt-${payment}-refund-${i}`, type: "payment_refunded" as const, amountMinor: refund })),
          ];
          // Deliver every event `copies` times, shuffled by `order`.
          const deliveries = events.flatMap((event) => Array.from({ length: copies }, () => event));
          const shuffled = deliveries.map((event, i) => ({ event, rank: order[i % order.length] * 1000 + ((i * 7919) % 997) })).sort((a, b) => a.rank - b.rank);
          for (const { event } of shuffled) {
            await applyPaymentEvent(handle.db, "test", { ...event, paymentId: `pay-${payment}`, tenantId, currency: "USD" });
          }
          expect((await getBalance(handle.db, tenantId)).balanceMinor).toBe(amount - fitting.reduce((sum, refund) => sum + refund, 0n));
          expect(await findLedgerViolations(handle.db)).toEqual([]);
        },
      ),
      { numRuns: 30 },
    );
  }, 600_000);
});
