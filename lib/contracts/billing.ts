import { z } from "zod";
import { defineOperation } from "./api-operation";
import { PageQuery, Timestamp } from "./common";

// Tenant-facing billing: balance, transaction history, voucher redemption. Money travels as a string of an integer
// number of minor units (cents, fen) with its currency, so no JSON number (a float) ever carries money.

/** An integer amount of minor units as a decimal string, e.g. "1250" for USD 12.50. */
export const MinorAmount = z
  .string()
  .regex(/^-?\d{1,18}$/, "an integer number of minor units, as a string")
  .meta({ id: "MinorAmount", description: "Integer minor units (cents, fen) as a decimal string." });

export const PositiveMinorAmount = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, "a positive integer number of minor units, as a string")
  .meta({ description: "A positive integer number of minor units (cents, fen) as a decimal string." });

export const Currency = z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code such as USD");

/** ok; low (below the warning threshold); warned (at its floor, grace period running); suspended (workloads at zero). */
export const BillingState = z.enum(["ok", "low", "warned", "suspended"]).meta({ id: "BillingState" });

export const TenantBalance = z
  .object({
    balanceMinor: MinorAmount,
    /** The balance never goes below this (0, or a negative credit limit an operator granted). */
    floorMinor: MinorAmount,
    currency: Currency,
    /** Billing's own state of the tenant (independent of an operator's suspension). */
    state: BillingState,
    warnedAt: Timestamp.nullable(),
    suspendedAt: Timestamp.nullable(),
  })
  .meta({ id: "TenantBalance" });
export type TenantBalance = z.infer<typeof TenantBalance>;

export const LedgerTransactionKind = z.enum(["topup_operator", "topup_voucher", "topup_payment", "refund_payment", "usage_charge", "included_credit", "adjustment"]);

export const TenantTransaction = z
  .object({
    id: z.uuid(),
    kind: LedgerTransactionKind,
    memo: z.string(),
    /** The change to the tenant's balance: positive for money in, negative for charges. */
    amountMinor: MinorAmount,
    balanceAfterMinor: MinorAmount,
    /** Usage that ran while the balance was at its floor, recorded but not taken from the balance. */
    uncollectedMinor: MinorAmount,
    currency: Currency,
    createdAt: Timestamp,
    periodStart: Timestamp.nullable(),
    periodEnd: Timestamp.nullable(),
  })
  .meta({ id: "TenantTransaction" });
export type TenantTransaction = z.infer<typeof TenantTransaction>;

export const TenantTransactionPage = z.object({ items: z.array(TenantTransaction), nextCursor: z.string().nullable() }).meta({ id: "TenantTransactionPage" });
export type TenantTransactionPage = z.infer<typeof TenantTransactionPage>;

export const RedeemVoucherBody = z.object({ code: z.string().trim().min(4).max(64) }).meta({ id: "RedeemVoucherBody" });
export type RedeemVoucherBody = z.infer<typeof RedeemVoucherBody>;

export const RedeemedVoucher = z
  .object({ amountMinor: MinorAmount, currency: Currency, balanceMinor: MinorAmount, transactionId: z.uuid() })
  .meta({ id: "RedeemedVoucher" });
export type RedeemedVoucher = z.infer<typeof RedeemedVoucher>;

const IDEMPOTENCY =
  "Moves money: send an `Idempotency-Key` header (8–200 visible characters, e.g. a UUID). A retry with the same key answers as the first request did (same status and body, header `Idempotent-Replayed: true`) and moves nothing; the same key with another body is refused with 422.";

export const getTenantBalanceOperation = defineOperation({
  id: "getTenantBalance",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/billing/balance",
  summary: "The tenant's prepaid balance, floor, currency and billing state",
  tag: "Billing",
  access: "signed-in",
  permission: "billing:read",
  response: TenantBalance,
  errors: ["unauthorized", "forbidden", "not_found"],
});

export const listTenantTransactionsOperation = defineOperation({
  id: "listTenantTransactions",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/billing/transactions",
  summary: "Money in and out of the tenant's balance, newest first",
  tag: "Billing",
  access: "signed-in",
  permission: "billing:read",
  query: PageQuery,
  response: TenantTransactionPage,
  errors: ["unauthorized", "forbidden", "not_found", "validation_failed"],
});

export const redeemVoucherOperation = defineOperation({
  id: "redeemVoucher",
  method: "POST",
  path: "/api/v1/tenants/{tenant}/billing/redeem",
  summary: "Redeem a voucher code into the tenant's balance",
  description: IDEMPOTENCY,
  tag: "Billing",
  access: "signed-in",
  permission: "billing:write",
  body: RedeemVoucherBody,
  response: RedeemedVoucher,
  errors: ["bad_request", "unauthorized", "forbidden", "not_found", "conflict", "validation_failed"],
});

export const BILLING_IDEMPOTENCY_NOTE = IDEMPOTENCY;

export const PaymentWebhookResult = z
  .object({
    eventId: z.string(),
    /** applied: it changed the payment; ignored: it arrived after a final state; duplicate: seen before, nothing done. */
    outcome: z.enum(["applied", "ignored", "duplicate"]),
    reason: z.string(),
  })
  .meta({ id: "PaymentWebhookResult" });

export const paymentWebhookOperation = defineOperation({
  id: "receivePaymentWebhook",
  method: "POST",
  path: "/api/v1/billing/webhooks/{provider}",
  summary: "A payment provider's webhook: payments, failures and refunds credit or debit tenants' balances",
  description:
    "The body is the provider's own event, signed by it (provider `test`: JSON `{id, type: payment.succeeded|payment.failed|payment.refunded, data: {paymentId, tenantId, amountMinor, currency}}` " +
    "with header `Apiary-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">` keyed by APIARY_PAYMENT_TEST_SECRET). A bad or stale signature is refused with 401. " +
    "Each event id is applied once; events may arrive in any order (a refund or failure before its payment is honoured when the payment arrives).",
  tag: "Billing",
  access: "public",
  response: PaymentWebhookResult,
  errors: ["bad_request", "unauthorized", "not_found", "validation_failed"],
});
