import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db/database";
import { paymentEvents, payments, tenants } from "@/lib/server/db/schema";
import { creditTenant, debitTenantToFloor, getBalance, runAfterCommit } from "./ledger";
import type { PaymentEvent } from "./payment-provider";

// What a payment provider's event does, whatever order events arrive in and however often:
// - an event id seen before changes nothing (status "duplicate");
// - payment_succeeded credits the tenant once per payment, less any refund that arrived before it; ignored after a
//   failure or a second success;
// - payment_refunded takes back up to what the payment credited (down to the tenant's floor; the rest is recorded
//   as uncollected); before the payment is seen it is remembered, and the late payment credits only the remainder;
// - payment_failed before success marks the payment failed, so a late success credits nothing; after success it is
//   ignored (a provider never fails a settled payment; a refund would come instead).
// Every event is recorded with what it did. Ledger keys derive from the provider's ids, so even a lost response
// cannot make a retry post twice.

export type PaymentEventOutcome = "applied" | "ignored" | "duplicate";

export async function applyPaymentEvent(db: Database, provider: string, event: PaymentEvent): Promise<{ outcome: PaymentEventOutcome; reason: string }> {
  return runAfterCommit(db, async (tx) => {
    const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, event.tenantId));
    const [fresh] = await tx
      .insert(paymentEvents)
      .values({ provider, eventId: event.eventId, type: event.type, paymentId: event.paymentId, tenantId: tenant?.id ?? null, amountMinor: event.amountMinor, currency: event.currency, status: "received" })
      .onConflictDoNothing()
      .returning({ eventId: paymentEvents.eventId });
    if (!fresh) return { outcome: "duplicate" as const, reason: "this event was already received" };
    const settle = async (outcome: "applied" | "ignored", reason: string, transactionId: string | null = null) => {
      await tx
        .update(paymentEvents)
        .set({ status: outcome, transactionId })
        .where(and(eq(paymentEvents.provider, provider), eq(paymentEvents.eventId, event.eventId)));
      return { outcome, reason };
    };
    if (!tenant) return settle("ignored", "no tenant has this id");
    const { currency } = await getBalance(tx, tenant.id);
    if (event.currency !== currency) return settle("ignored", `the ledger is in ${currency}, the event in ${event.currency}`);

    await tx
      .insert(payments)
      .values({ provider, paymentId: event.paymentId, tenantId: tenant.id, amountMinor: event.amountMinor, currency: event.currency, state: "pending" })
      .onConflictDoNothing();
    // Events of one payment apply one at a time, in the order they take this lock.
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.provider, provider), eq(payments.paymentId, event.paymentId)))
      .for("update");
    if (payment.tenantId !== tenant.id) return settle("ignored", "the payment belongs to another tenant");
    const successSeen = (await countApplied(tx, provider, event.paymentId, "payment_succeeded")) > 0;
    const keyBase = `payment:${provider}:${event.paymentId}`;

    if (event.type === "payment_succeeded") {
      if (successSeen) return settle("ignored", "the payment already succeeded");
      if (payment.state === "failed") return settle("ignored", "the payment had failed");
      const refundedEarly = await sumApplied(tx, provider, event.paymentId, "payment_refunded");
      const credit = event.amountMinor - refundedEarly;
      let transactionId: string | null = null;
      if (credit > 0n) {
        transactionId = (
          await creditTenant(tx, { tenantId: tenant.id, idempotencyKey: `${keyBase}:credit`, amountMinor: credit, kind: "topup_payment", from: "platform:cash", memo: `Payment ${event.paymentId} (${provider})`, metadata: { provider, paymentId: event.paymentId, eventId: event.eventId } })
        ).transactionId;
      }
      await tx
        .update(payments)
        .set({ amountMinor: event.amountMinor, state: credit > 0n ? "succeeded" : "refunded", creditedMinor: credit > 0n ? credit : 0n, updatedAt: sql`now()` })
        .where(and(eq(payments.provider, provider), eq(payments.paymentId, event.paymentId)));
      return settle("applied", credit > 0n ? `credited ${credit}` : "refunded before it arrived: nothing to credit", transactionId);
    }

    if (event.type === "payment_refunded") {
      if (payment.state === "failed") return settle("ignored", "the payment had failed");
      if (!successSeen) {
        await tx.update(payments).set({ state: "refunded", updatedAt: sql`now()` }).where(and(eq(payments.provider, provider), eq(payments.paymentId, event.paymentId)));
        return settle("applied", "refund remembered until the payment arrives");
      }
      const take = event.amountMinor < payment.creditedMinor ? event.amountMinor : payment.creditedMinor;
      if (take <= 0n) return settle("ignored", "nothing left to refund");
      const debited = await debitTenantToFloor(tx, {
        tenantId: tenant.id,
        idempotencyKey: `${keyBase}:refund:${event.eventId}`,
        kind: "refund_payment",
        amountMinor: take,
        to: "platform:cash",
        memo: `Refund of payment ${event.paymentId} (${provider})`,
        metadata: { provider, paymentId: event.paymentId, eventId: event.eventId },
      });
      const creditedLeft = payment.creditedMinor - take;
      await tx
        .update(payments)
        .set({ creditedMinor: creditedLeft, state: creditedLeft === 0n ? "refunded" : "succeeded", updatedAt: sql`now()` })
        .where(and(eq(payments.provider, provider), eq(payments.paymentId, event.paymentId)));
      return settle("applied", `refunded ${take}`, debited.transactionId);
    }

    // payment_failed
    if (successSeen || payment.state !== "pending") return settle("ignored", `the payment is already ${payment.state}`);
    await tx.update(payments).set({ state: "failed", updatedAt: sql`now()` }).where(and(eq(payments.provider, provider), eq(payments.paymentId, event.paymentId)));
    return settle("applied", "payment failed: nothing credited");
  });
}

async function countApplied(db: Database, provider: string, paymentId: string, type: string): Promise<number> {
  const result = await db.execute<{ n: string }>(
    sql`select count(*)::text as n from payment_events where provider = ${provider} and payment_id = ${paymentId} and type = ${type} and status = 'applied'`,
  );
  return Number((result as unknown as { rows: { n: string }[] }).rows[0].n);
}

async function sumApplied(db: Database, provider: string, paymentId: string, type: string): Promise<bigint> {
  const result = await db.execute<{ total: string }>(
    sql`select coalesce(sum(amount_minor), 0)::text as total from payment_events where provider = ${provider} and payment_id = ${paymentId} and type = ${type} and status = 'applied'`,
  );
  return BigInt((result as unknown as { rows: { total: string }[] }).rows[0].total);
}
