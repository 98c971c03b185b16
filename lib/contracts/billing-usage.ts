import { z } from "zod";
import { defineOperation } from "./api-operation";
import { Currency, MinorAmount } from "./billing";
import { Timestamp } from "./common";

// Tenant-facing metering: usage by workload over time, the burn rate and projected days left, the billing state
// with its notices (banner), and monthly invoices. Money and quantities travel as strings of integers or exact
// decimals, never JSON numbers.

const Decimal = z.string().regex(/^\d+(\.\d+)?$/, "a decimal number as a string");
const IntegerString = z.string().regex(/^\d{1,30}$/, "an integer as a string");

export const BillingUsageRange = z.enum(["24h", "7d", "30d"]).meta({ id: "BillingUsageRange" });
export type BillingUsageRange = z.infer<typeof BillingUsageRange>;

export const BillingUsageQuery = z.object({
  range: BillingUsageRange.default("24h").describe("24h and 7d in hourly buckets, 30d in daily buckets (UTC)."),
});

export const MeterBillingState = z.enum(["ok", "low", "warned", "suspended"]).meta({ id: "MeterBillingState" });
export type MeterBillingState = z.infer<typeof MeterBillingState>;

export const BillingNotification = z
  .object({
    kind: z.enum(["low", "warned", "suspended", "restored"]),
    message: z.string(),
    balanceMinor: MinorAmount,
    createdAt: Timestamp,
  })
  .meta({ id: "BillingNotification" });
export type BillingNotification = z.infer<typeof BillingNotification>;

export const UsagePoint = z.object({
  /** Start of the bucket. */
  at: Timestamp,
  vcpuHours: Decimal,
  gibHours: Decimal,
  /** The bucket's cost, its exact amount rounded to the minor unit (charges carry the remainders). */
  costMinor: MinorAmount,
});

export const TenantBillingUsage = z
  .object({
    range: BillingUsageRange,
    from: Timestamp,
    to: Timestamp,
    bucketSeconds: z.number().int(),
    currency: Currency,
    workloads: z.array(z.object({ workload: z.string(), points: z.array(UsagePoint), totalCostMinor: MinorAmount })),
    burn: z.object({
      /** Requests of the containers running now. */
      cpuMillicores: z.number().int(),
      memoryMiB: z.number().int(),
      /** What they cost per hour at the price card in force, in micro-minor units (exact to the micro-minor, rounded). */
      microMinorPerHour: IntegerString,
      /** The same rounded to minor units. */
      minorPerHour: MinorAmount,
      priceCardVersion: z.number().int(),
      /** Days until the balance reaches its floor at this burn rate; null when nothing runs. */
      projectedDaysLeft: z.number().nullable(),
    }),
    billing: z.object({
      state: MeterBillingState,
      balanceMinor: MinorAmount,
      floorMinor: MinorAmount,
      lowBalanceMinor: MinorAmount,
      warnedAt: Timestamp.nullable(),
      /** When a warned tenant is suspended unless it tops up. */
      suspendsAt: Timestamp.nullable(),
      suspendedAt: Timestamp.nullable(),
      notifications: z.array(BillingNotification).describe("The latest ten, newest first."),
    }),
  })
  .meta({ id: "TenantBillingUsage" });
export type TenantBillingUsage = z.infer<typeof TenantBillingUsage>;

export const InvoiceLine = z
  .object({
    workload: z.string(),
    resource: z.enum(["cpu", "memory"]),
    priceCardVersion: z.number().int(),
    /** vCPU-hours or GiB-hours, six decimals (rounded half up from baseQuantity). */
    quantity: Decimal,
    unit: z.enum(["vCPU-hour", "GiB-hour"]),
    /** Exact quantity in base units: millicore-seconds (cpu) or MiB-seconds (memory). */
    baseQuantity: IntegerString,
    rateMicroMinorPerUnitHour: IntegerString,
    amountMinor: MinorAmount,
  })
  .meta({ id: "InvoiceLine" });
export type InvoiceLine = z.infer<typeof InvoiceLine>;

export const InvoiceSummary = z
  .object({
    /** The month, YYYY-MM. */
    id: z.string().regex(/^\d{4}-\d{2}$/),
    periodStart: Timestamp,
    periodEnd: Timestamp,
    status: z.enum(["draft", "finalized"]),
    currency: Currency,
    totalMinor: MinorAmount,
    finalizedAt: Timestamp.nullable(),
  })
  .meta({ id: "InvoiceSummary" });
export type InvoiceSummary = z.infer<typeof InvoiceSummary>;

export const Invoice = InvoiceSummary.extend({ lines: z.array(InvoiceLine) }).meta({ id: "Invoice" });
export type Invoice = z.infer<typeof Invoice>;

export const InvoiceList = z.object({ items: z.array(InvoiceSummary) }).meta({ id: "InvoiceList" });
export type InvoiceList = z.infer<typeof InvoiceList>;

export const getBillingUsageOperation = defineOperation({
  id: "getBillingUsage",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/billing/usage",
  summary: "Usage and cost by workload over time, the burn rate, projected days left and the billing state",
  tag: "Billing",
  access: "signed-in",
  permission: "billing:read",
  query: BillingUsageQuery,
  response: TenantBillingUsage,
  errors: ["unauthorized", "forbidden", "not_found", "validation_failed"],
});

export const listInvoicesOperation = defineOperation({
  id: "listInvoices",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/billing/invoices",
  summary: "The tenant's monthly invoices, newest first (the current month as a draft)",
  tag: "Billing",
  access: "signed-in",
  permission: "billing:read",
  response: InvoiceList,
  errors: ["unauthorized", "forbidden", "not_found"],
});

export const getInvoiceOperation = defineOperation({
  id: "getInvoice",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/billing/invoices/{id}",
  summary: "One monthly invoice (id YYYY-MM) with its lines per workload and resource",
  tag: "Billing",
  access: "signed-in",
  permission: "billing:read",
  response: Invoice,
  errors: ["unauthorized", "forbidden", "not_found", "validation_failed"],
});

export const getInvoiceCsvOperation = defineOperation({
  id: "getInvoiceCsv",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/billing/invoices/{id}/csv",
  summary: "One monthly invoice as a CSV download",
  tag: "Billing",
  access: "signed-in",
  permission: "billing:read",
  response: z.string(),
  responseContentType: "text/csv; charset=utf-8",
  errors: ["unauthorized", "forbidden", "not_found", "validation_failed"],
});
