import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLedgerViolations, insertBillingTestTenant } from "@/scripts/test-support/ledger-invariants";
import { createPostgresTestDatabase } from "@/scripts/test-support/postgres-test-database";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "@/lib/server/db/database";
import { creditTenant, getBalance } from "./ledger";
import { finalizeEndedInvoices, getInvoiceOrThrow } from "./invoices";
import { meterUpTo, recordObservations } from "./meter";
import type { ContainerObservation } from "./observe-pods";
import { ratesOf, type PriceCard } from "./price-book";
import { exactCharge, roundToMinor } from "./rate-usage";
import { cutIntoWindows } from "./usage-windows";

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

interface PodTimeline {
  startOffset: number;
  durationSeconds: number | null;
  cpuMillicores: number;
  memoryMiB: number;
}

const podArb = fc.record({
  startOffset: fc.integer({ min: 0, max: 4 * 3600 }),
  durationSeconds: fc.option(fc.integer({ min: 1, max: 3 * 3600 }), { nil: null }),
  cpuMillicores: fc.integer({ min: 1, max: 4000 }),
  memoryMiB: fc.integer({ min: 1, max: 8192 }),
});

const scenarioArb = fc.record({
  pods: fc.array(podArb, { minLength: 1, maxLength: 4 }),
  priceChangeOffsets: fc.uniqueArray(fc.integer({ min: 1, max: 7 * 3600 }), { maxLength: 2 }),
  tickGaps: fc.array(fc.integer({ min: 1, max: 5400 }), { minLength: 1, maxLength: 8 }),
  creditMinor: fc.integer({ min: 0, max: 200 }),
  topUps: fc.array(fc.record({ tick: fc.nat(), amountMinor: fc.integer({ min: 1, max: 100 }) }), { maxLength: 3 }),
  crashAtTick: fc.nat(),
});

describe("the billing meter on PostgreSQL", () => {
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

  async function cards(): Promise<PriceCard[]> {
    return rowsOf<Record<string, unknown>>(await handle.db.execute(sql`select * from price_cards order by effective_from`)).map((row) => ({
      version: Number(row.version),
      currency: String(row.currency),
      cpuMicroMinorPerVcpuHour: BigInt(String(row.cpu_micro_minor_per_vcpu_hour)),
      memoryMicroMinorPerGiBHour: BigInt(String(row.memory_micro_minor_per_gib_hour)),
      volumeMicroMinorPerGiBMonth: BigInt(String(row.volume_micro_minor_per_gib_month)),
      effectiveFrom: new Date(String(row.effective_from)),
      createdAt: new Date(String(row.created_at)),
      createdBy: null,
      note: null,
    }));
  }

  /** The containers a watch would show at `nowSeconds`: started pods, the ended ones with their finish time. */
  function observe(tenantId: string, prefix: string, base: number, pods: PodTimeline[], nowSeconds: number): ContainerObservation[] {
    return pods.flatMap((pod, index) => {
      const start = base + pod.startOffset;
      if (start >= nowSeconds) return [];
      const end = pod.durationSeconds === null ? null : start + pod.durationSeconds;
      return [
        {
          tenantId,
          podUid: `${prefix}-${index}`,
          podName: `web-${index}`,
          container: "app",
          workload: index % 2 ? "web" : "worker",
          cpuMillicores: pod.cpuMillicores,
          memoryMiB: pod.memoryMiB,
          startSeconds: start,
          endSeconds: end !== null && end <= nowSeconds ? end : null,
          deletingSeconds: null,
        },
      ];
    });
  }

  async function usageLedger(tenantId: string): Promise<{ month: string; amount: string }[]> {
    return rowsOf<{ month: string; amount: string }>(
      await handle.db.execute(sql`
        select to_char(c.month_start at time zone 'UTC', 'YYYY-MM') as month, c.amount_minor::text as amount
        from meter_charges c where c.tenant_id = ${tenantId}::uuid order by c.month_start, c.created_at, c.id`),
    );
  }

  it("bills exactly the seconds each container ran, charges each month its rounded exact total, keeps invoices equal to the ledger, and a crash mid-run changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        run++;
        // Each run lives in its own stretch of time (crossing month ends now and then), so global price cards
        // added by one run only ever apply to its own stretch and later ones.
        const base = Date.UTC(2027, 0, 1) / 1000 + run * 9 * 86400 + 86400 * 2 - 3 * 3600;
        for (const offset of scenario.priceChangeOffsets) {
          await handle.db.execute(sql`
            insert into price_cards (version, currency, cpu_micro_minor_per_vcpu_hour, memory_micro_minor_per_gib_hour, volume_micro_minor_per_gib_month, effective_from)
            select coalesce(max(version), 0) + 1, 'USD', ${1_000_000 + ((offset * 7919) % 9_000_000)}, ${100_000 + ((offset * 104729) % 900_000)}, 0, to_timestamp(${base + offset})
            from price_cards`);
        }
        const steady = await insertBillingTestTenant(handle.db, `steady-${run}`);
        const crashed = await insertBillingTestTenant(handle.db, `crashed-${run}`);
        for (const tenantId of [steady, crashed]) {
          if (scenario.creditMinor > 0) {
            await creditTenant(handle.db, { tenantId, idempotencyKey: `seed-${tenantId}`, amountMinor: BigInt(scenario.creditMinor), kind: "adjustment", from: "platform:cash", memo: "seed" });
          }
        }
        const horizons: number[] = [];
        let at = base;
        for (const gap of scenario.tickGaps) horizons.push((at += gap));
        // A last tick after every pod has ended or after 8 hours, whichever is later.
        horizons.push(base + 8 * 3600);
        const crashTick = scenario.crashAtTick % horizons.length;

        for (const [tick, horizon] of horizons.entries()) {
          const snapshot = [...observe(steady, `s${run}`, base, scenario.pods, horizon), ...observe(crashed, `c${run}`, base, scenario.pods, horizon)];
          await recordObservations(handle.db, { nowSeconds: horizon, observations: snapshot });
          if (tick === crashTick) {
            // The process dies inside the crashed tenant's step, after its windows and charge were written.
            let killed = false;
            const outcome = await meterUpTo(handle.db, horizon, {
              beforeCommit: (tenantId) => {
                if (tenantId !== crashed) return;
                killed = true;
                throw new Error("killed mid-window");
              },
            }).catch((error: Error) => error);
            expect(outcome instanceof Error ? outcome.message : "completed").toBe(killed ? "killed mid-window" : "completed");
            // The restarted meter resyncs and runs the same step again.
            await recordObservations(handle.db, { nowSeconds: horizon, observations: snapshot });
          }
          await meterUpTo(handle.db, horizon);
          for (const [index, topUp] of scenario.topUps.entries()) {
            if (topUp.tick % horizons.length !== tick) continue;
            for (const tenantId of [steady, crashed]) {
              await creditTenant(handle.db, { tenantId, idempotencyKey: `topup-${tenantId}-${index}`, amountMinor: BigInt(topUp.amountMinor), kind: "topup_voucher", from: "platform:promotions", memo: "top-up" });
            }
          }
          expect(await findLedgerViolations(handle.db)).toEqual([]);
        }
        const lastHorizon = horizons[horizons.length - 1];

        // No gap, no overlap: each container's windows tile [start, end) exactly.
        const windows = rowsOf<{ pod_uid: string; start: string; seconds: number }>(
          await handle.db.execute(sql`
            select pod_uid, extract(epoch from window_start)::bigint::text as start, seconds from usage_windows
            where tenant_id in (${steady}::uuid, ${crashed}::uuid) order by pod_uid, window_start`),
        );
        for (const prefix of [`s${run}`, `c${run}`]) {
          for (const [index, pod] of scenario.pods.entries()) {
            const start = base + pod.startOffset;
            const end = Math.min(pod.durationSeconds === null ? lastHorizon : start + pod.durationSeconds, lastHorizon);
            const mine = windows.filter((w) => w.pod_uid === `${prefix}-${index}`);
            let cursor = start;
            for (const window of mine) {
              expect(Number(window.start)).toBe(cursor);
              cursor += window.seconds;
            }
            expect(cursor).toBe(Math.max(start, end));
          }
        }

        // A month's charges equal the rounded exact total of the usage, computed here from the timelines alone.
        const allCards = await cards();
        const exactByMonth = new Map<string, bigint>();
        for (const [index, pod] of scenario.pods.entries()) {
          const start = base + pod.startOffset;
          const end = Math.min(pod.durationSeconds === null ? lastHorizon : start + pod.durationSeconds, lastHorizon);
          const pieces = cutIntoWindows(
            { tenantId: steady, podUid: `${index}`, container: "app", cpuMillicores: pod.cpuMillicores, memoryMiB: pod.memoryMiB, startSeconds: start, endSeconds: end },
            allCards.map((card) => card.effectiveFrom.getTime() / 1000),
          );
          for (const piece of pieces) {
            const card = allCards.filter((c) => c.effectiveFrom.getTime() <= piece.windowStartSeconds * 1000).at(-1)!;
            const month = new Date(piece.hourStartSeconds * 1000).toISOString().slice(0, 7);
            exactByMonth.set(month, (exactByMonth.get(month) ?? 0n) + exactCharge(piece, ratesOf(card)).total);
          }
        }
        const steadyLedger = await usageLedger(steady);
        const charged = new Map<string, bigint>();
        for (const row of steadyLedger) charged.set(row.month, (charged.get(row.month) ?? 0n) + BigInt(row.amount));
        for (const [month, exact] of exactByMonth) expect(charged.get(month) ?? 0n).toBe(roundToMinor(exact));

        // The ledger's revenue from each tenant's usage equals the meter's charges.
        const revenue = rowsOf<{ tenant_id: string; total: string }>(
          await handle.db.execute(sql`
            select t.tenant_id::text, sum(e.amount_minor)::text as total from ledger_transactions t join ledger_entries e on e.transaction_id = t.id
            where t.kind = 'usage_charge' and e.account_id = 'platform:revenue' and t.tenant_id in (${steady}::uuid, ${crashed}::uuid) group by t.tenant_id`),
        );
        const steadyTotal = [...charged.values()].reduce((a, b) => a + b, 0n);
        expect(BigInt(revenue.find((r) => r.tenant_id === steady)?.total ?? "0")).toBe(steadyTotal);

        // Invoices equal the ledger: each month's lines add up to what was charged, draft and finalized alike.
        for (const [month, amount] of charged) {
          const draft = await getInvoiceOrThrow(handle.db, steady, month);
          expect(draft.totalMinor).toBe(amount);
          expect(draft.lines.reduce((sum, line) => sum + line.amountMinor, 0n)).toBe(amount);
        }
        // A month is finalized only once every interval is metered past its end: stop the pods still running.
        const stopped = observe(steady, `s${run}`, base, scenario.pods, lastHorizon).map((o) => ({ ...o, endSeconds: o.endSeconds ?? lastHorizon }));
        await recordObservations(handle.db, { nowSeconds: lastHorizon, observations: stopped });
        await meterUpTo(handle.db, lastHorizon + 62 * 86400);
        await finalizeEndedInvoices(handle.db, new Date((lastHorizon + 62 * 86400) * 1000));
        for (const [month, amount] of charged) {
          const final = await getInvoiceOrThrow(handle.db, steady, month);
          expect(final.status).toBe("finalized");
          expect(final.totalMinor).toBe(amount);
          expect(final.lines.reduce((sum, line) => sum + line.amountMinor, 0n)).toBe(amount);
        }

        // Killing the meter mid-window and restarting left the same ledger as the uninterrupted run.
        expect(await usageLedger(crashed)).toEqual(steadyLedger);
        expect(await getBalance(handle.db, crashed)).toEqual(await getBalance(handle.db, steady));
      }),
      { numRuns: 25 },
    );
  });

  it("refuses to change a finalized invoice", async () => {
    const tenantId = await insertBillingTestTenant(handle.db, "immutable");
    const base = Date.UTC(2030, 0, 31, 23) / 1000;
    const pod: ContainerObservation = { tenantId, podUid: "imm-1", podName: "web-1", container: "app", workload: "web", cpuMillicores: 1000, memoryMiB: 1024, startSeconds: base, endSeconds: base + 7200, deletingSeconds: null };
    await recordObservations(handle.db, { nowSeconds: base + 7200, observations: [pod] });
    await meterUpTo(handle.db, base + 7200);
    expect(await finalizeEndedInvoices(handle.db, new Date((base + 7200) * 1000))).toBeGreaterThanOrEqual(1);
    const invoice = await getInvoiceOrThrow(handle.db, tenantId, "2030-01");
    expect(invoice.status).toBe("finalized");
    expect(invoice.lines.map((line) => [line.resource, line.quantity])).toEqual([
      ["cpu", "1.000000"],
      ["memory", "1.000000"],
    ]);
    const change = handle.db.execute(sql`update invoices set total_minor = 0 where tenant_id = ${tenantId}::uuid`);
    await expect(change).rejects.toThrow();
    expect((await getInvoiceOrThrow(handle.db, tenantId, "2030-02")).status).toBe("draft");
  });

  it("closes, at start-up, the interval of a pod that vanished while the meter was down at the last time it was seen", async () => {
    const tenantId = await insertBillingTestTenant(handle.db, "vanished");
    const base = Date.UTC(2029, 5, 1, 10) / 1000;
    const pod: ContainerObservation = { tenantId, podUid: "gone-1", podName: "web-1", container: "app", workload: "web", cpuMillicores: 500, memoryMiB: 256, startSeconds: base, endSeconds: null, deletingSeconds: null };
    await recordObservations(handle.db, { nowSeconds: base + 600, observations: [pod] });
    await meterUpTo(handle.db, base + 600);
    await recordObservations(handle.db, { nowSeconds: base + 900, observations: [pod] });
    // Down for an hour; the pod is gone when the meter comes back.
    await recordObservations(handle.db, { nowSeconds: base + 4200, observations: [] });
    await meterUpTo(handle.db, base + 4200);
    const [row] = rowsOf<{ seconds: string }>(await handle.db.execute(sql`select sum(seconds)::text as seconds from usage_windows where pod_uid = 'gone-1'`));
    expect(row.seconds).toBe("900");
  });
});
