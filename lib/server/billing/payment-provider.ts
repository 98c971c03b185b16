import "server-only";
import { getEnv } from "@/lib/server/env";
import { createTestPaymentProvider } from "./test-payment-provider";

// The seam between Apiary and a payment provider. A provider verifies that a webhook really came from it and turns
// the provider's event into Apiary's PaymentEvent; applyPaymentEvent (apply-payment-event.ts) does the rest — dedup
// by event id, ordering, ledger postings — so a real provider is one new file here and nothing in the ledger.

export type PaymentEventType = "payment_succeeded" | "payment_failed" | "payment_refunded";

export interface PaymentEvent {
  /** The provider's id of this event: the same event delivered twice has the same id. */
  eventId: string;
  type: PaymentEventType;
  /** The provider's id of the payment the event is about (a refund names the payment it refunds). */
  paymentId: string;
  /** Apiary's tenant id, as Apiary put it in the payment's metadata when starting the checkout. */
  tenantId: string;
  /** Positive minor units: the payment's amount, or the amount refunded. */
  amountMinor: bigint;
  currency: string;
}

export interface PaymentProvider {
  name: string;
  /** True when `rawBody` carries a valid signature for this provider, given the request's headers. */
  verifySignature(headers: Headers, rawBody: string, now?: Date): boolean;
  /** The event the (verified) body describes; throws ApiError("validation_failed") when it is not one. */
  parseEvent(rawBody: string): PaymentEvent;
}

/** The configured provider with this name, or null (unknown, or not configured on this installation). */
export function findPaymentProvider(name: string): PaymentProvider | null {
  if (name === "test") {
    const secret = getEnv().APIARY_PAYMENT_TEST_SECRET;
    return secret ? createTestPaymentProvider(secret) : null;
  }
  return null;
}
