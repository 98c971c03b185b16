import { z } from "zod";
import { defineOperation } from "./api-operation";
import { BILLING_IDEMPOTENCY_NOTE, Currency, MinorAmount, PositiveMinorAmount } from "./billing";
import { PageQuery, Timestamp } from "./common";

// Platform admins' billing: the price book (price cards, plans), vouchers, operator credit, tenants by balance and
// the revenue summary. Rates are integer micro-minor units per unit-hour (1e-6 of a cent), as strings.

const MicroMinorRate = z
  .string()
  .regex(/^\d{1,15}$/, "a non-negative integer number of micro-minor units, as a string")
  .meta({ description: "Integer micro-minor units (1e-6 of a cent) as a decimal string." });

export const PriceCard = z
  .object({
    version: z.number().int(),
    currency: Currency,
    cpuMicroMinorPerVcpuHour: MicroMinorRate,
    memoryMicroMinorPerGiBHour: MicroMinorRate,
    volumeMicroMinorPerGiBMonth: MicroMinorRate,
    effectiveFrom: Timestamp,
    createdAt: Timestamp,
    createdBy: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: "PriceCard" });
export type PriceCard = z.infer<typeof PriceCard>;

export const PriceCardList = z.object({ items: z.array(PriceCard), current: PriceCard }).meta({ id: "PriceCardList" });
export type PriceCardList = z.infer<typeof PriceCardList>;

export const CreatePriceCardBody = z
  .object({
    currency: Currency,
    cpuMicroMinorPerVcpuHour: MicroMinorRate,
    memoryMicroMinorPerGiBHour: MicroMinorRate,
    volumeMicroMinorPerGiBMonth: MicroMinorRate,
    /** Now or later; omitted: now. */
    effectiveFrom: Timestamp.optional(),
    note: z.string().trim().max(200).optional(),
  })
  .meta({ id: "CreatePriceCardBody" });
export type CreatePriceCardBody = z.infer<typeof CreatePriceCardBody>;

export const Plan = z
  .object({
    name: z.string(),
    version: z.number().int(),
    requestsCpuMillicores: z.number().int(),
    requestsMemoryMiB: z.number().int(),
    limitsCpuMillicores: z.number().int(),
    limitsMemoryMiB: z.number().int(),
    pods: z.number().int(),
    volumes: z.number().int(),
    includedCreditMinor: MinorAmount,
    currency: Currency,
    effectiveFrom: Timestamp,
    tenantCount: z.number().int(),
  })
  .meta({ id: "Plan" });
export type Plan = z.infer<typeof Plan>;

export const PlanList = z.object({ items: z.array(Plan) }).meta({ id: "PlanList" });

const Quota = z.number().int().min(0).max(10_000_000);

export const CreatePlanVersionBody = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "lower-case letters, digits and dashes, at most 40"),
    requestsCpuMillicores: Quota,
    requestsMemoryMiB: Quota,
    limitsCpuMillicores: Quota,
    limitsMemoryMiB: Quota,
    pods: z.number().int().min(0).max(100_000),
    volumes: z.number().int().min(0).max(100_000),
    includedCreditMinor: MinorAmount,
    currency: Currency,
  })
  .meta({ id: "CreatePlanVersionBody" });

export const Voucher = z
  .object({
    id: z.uuid(),
    batchId: z.uuid(),
    label: z.string(),
    /** The code's last four characters; the code itself is shown only when the batch is made. */
    codeHint: z.string(),
    amountMinor: MinorAmount,
    currency: Currency,
    expiresAt: Timestamp.nullable(),
    createdAt: Timestamp,
    redeemedAt: Timestamp.nullable(),
    redeemedByTenantId: z.uuid().nullable(),
  })
  .meta({ id: "Voucher" });
export type Voucher = z.infer<typeof Voucher>;

export const VoucherPage = z.object({ items: z.array(Voucher), nextCursor: z.string().nullable() }).meta({ id: "VoucherPage" });

export const CreateVoucherBatchBody = z
  .object({
    count: z.number().int().min(1).max(500),
    amountMinor: PositiveMinorAmount,
    currency: Currency,
    expiresAt: Timestamp.optional(),
    label: z.string().trim().min(1).max(100),
  })
  .meta({ id: "CreateVoucherBatchBody" });

export const CreatedVoucherBatch = z
  .object({
    batchId: z.uuid(),
    /** The codes, shown this once: only hashes are kept. */
    codes: z.array(z.string()),
    vouchers: z.array(Voucher),
  })
  .meta({ id: "CreatedVoucherBatch" });

export const OperatorCreditBody = z
  .object({
    tenant: z.string().regex(/^[a-z0-9-]{1,63}$/, "a tenant slug"),
    amountMinor: PositiveMinorAmount,
    reason: z.string().trim().min(3).max(500),
  })
  .meta({ id: "OperatorCreditBody" });

export const OperatorCredit = z
  .object({ tenant: z.string(), amountMinor: MinorAmount, balanceMinor: MinorAmount, currency: Currency, transactionId: z.uuid() })
  .meta({ id: "OperatorCredit" });

export const TenantBalanceRow = z
  .object({
    tenantId: z.uuid(),
    slug: z.string(),
    name: z.string(),
    status: z.string(),
    planName: z.string(),
    balanceMinor: MinorAmount,
    floorMinor: MinorAmount,
    currency: Currency,
  })
  .meta({ id: "TenantBalanceRow" });

export const TenantBalancePage = z.object({ items: z.array(TenantBalanceRow), nextCursor: z.string().nullable() }).meta({ id: "TenantBalancePage" });

export const TenantsByBalanceQuery = PageQuery.extend({
  order: z.enum(["asc", "desc"]).default("asc").describe("asc: lowest balance first (default)."),
});

export const RevenueSummaryQuery = z.object({
  from: Timestamp.optional().describe("Start (inclusive); default: the start of this UTC month."),
  to: Timestamp.optional().describe("End (exclusive); default: now."),
});

export const RevenueSummary = z
  .object({
    from: Timestamp,
    to: Timestamp,
    currency: Currency,
    /** Usage charged in the period (platform:revenue). */
    usageChargedMinor: MinorAmount,
    /** Of that, usage that ran at a tenant's floor and was not collected. */
    uncollectedMinor: MinorAmount,
    /** Money received: paid top-ups and operator credit, less refunds. */
    cashReceivedMinor: MinorAmount,
    /** Given away: vouchers and included credit. */
    promotionsMinor: MinorAmount,
    /** All tenants' prepaid balances now. */
    prepaidOutstandingMinor: MinorAmount,
    transactions: z.number().int(),
  })
  .meta({ id: "RevenueSummary" });

const ADMIN_ERRORS = ["unauthorized", "forbidden"] as const;

export const opsListPriceCardsOperation = defineOperation({
  id: "opsListPriceCards",
  method: "GET",
  path: "/api/v1/ops/billing/price-cards",
  summary: "Every price card version, newest first, and the one in force now (platform admins)",
  tag: "Operations",
  access: "platform-admin",
  response: PriceCardList,
  errors: [...ADMIN_ERRORS],
});

export const opsCreatePriceCardOperation = defineOperation({
  id: "opsCreatePriceCard",
  method: "POST",
  path: "/api/v1/ops/billing/price-cards",
  summary: "Add a price card version effective from now or a later time (platform admins)",
  tag: "Operations",
  access: "platform-admin",
  body: CreatePriceCardBody,
  response: PriceCard,
  successStatus: 201,
  errors: [...ADMIN_ERRORS, "validation_failed", "conflict"],
});

export const opsListPlansOperation = defineOperation({
  id: "opsListPlans",
  method: "GET",
  path: "/api/v1/ops/billing/plans",
  summary: "Every plan at its latest version, with its tenant count (platform admins)",
  tag: "Operations",
  access: "platform-admin",
  response: PlanList,
  errors: [...ADMIN_ERRORS],
});

export const opsCreatePlanVersionOperation = defineOperation({
  id: "opsCreatePlanVersion",
  method: "POST",
  path: "/api/v1/ops/billing/plans",
  summary: "Add a plan, or a new version of one (quota and monthly included credit) (platform admins)",
  tag: "Operations",
  access: "platform-admin",
  body: CreatePlanVersionBody,
  response: Plan,
  successStatus: 201,
  errors: [...ADMIN_ERRORS, "validation_failed"],
});

export const opsListVouchersOperation = defineOperation({
  id: "opsListVouchers",
  method: "GET",
  path: "/api/v1/ops/billing/vouchers",
  summary: "Vouchers, newest first, with who redeemed them (platform admins)",
  tag: "Operations",
  access: "platform-admin",
  query: PageQuery,
  response: VoucherPage,
  errors: [...ADMIN_ERRORS, "validation_failed"],
});

export const opsCreateVoucherBatchOperation = defineOperation({
  id: "opsCreateVoucherBatch",
  method: "POST",
  path: "/api/v1/ops/billing/vouchers",
  summary: "Make a batch of single-use voucher codes; the codes are in this answer only (platform admins)",
  tag: "Operations",
  access: "platform-admin",
  body: CreateVoucherBatchBody,
  response: CreatedVoucherBatch,
  successStatus: 201,
  errors: [...ADMIN_ERRORS, "validation_failed"],
});

export const opsCreditTenantOperation = defineOperation({
  id: "opsCreditTenant",
  method: "POST",
  path: "/api/v1/ops/billing/credits",
  summary: "Credit a tenant's balance, with a reason that goes to the audit log (platform admins)",
  description: BILLING_IDEMPOTENCY_NOTE,
  tag: "Operations",
  access: "platform-admin",
  body: OperatorCreditBody,
  response: OperatorCredit,
  successStatus: 201,
  errors: [...ADMIN_ERRORS, "bad_request", "not_found", "validation_failed"],
});

export const opsListTenantsByBalanceOperation = defineOperation({
  id: "opsListTenantsByBalance",
  method: "GET",
  path: "/api/v1/ops/billing/tenants",
  summary: "Tenants ordered by prepaid balance (platform admins)",
  tag: "Operations",
  access: "platform-admin",
  query: TenantsByBalanceQuery,
  response: TenantBalancePage,
  errors: [...ADMIN_ERRORS, "validation_failed"],
});

export const opsGetRevenueSummaryOperation = defineOperation({
  id: "opsGetRevenueSummary",
  method: "GET",
  path: "/api/v1/ops/billing/revenue",
  summary: "Usage charged, uncollected, cash received and promotions over a period (platform admins)",
  tag: "Operations",
  access: "platform-admin",
  query: RevenueSummaryQuery,
  response: RevenueSummary,
  errors: [...ADMIN_ERRORS, "validation_failed"],
});
