import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { BillingUsageRange, Invoice as InvoiceDto, InvoiceSummary, TenantBillingUsage } from "@/lib/contracts/billing-usage";
import type { Database } from "@/lib/server/db/database";
import { billingNotifications } from "@/lib/server/db/schema";
import type { BillingRulesConfig } from "./balance-rules";
import type { Invoice } from "./invoices";
import { formatDecimal } from "./invoices";
import { getBalance } from "./ledger";
import { priceCardAt } from "./price-book";
import { EXACT_DENOMINATOR, roundToMinor } from "./rate-usage";
import { getBillingState } from "./suspension";

// The tenant's usage read model: usage windows summed into buckets per workload, the burn rate of what runs now
// (the open intervals' requests × the price card in force) and the days it leaves, and the billing state with its
// notices for the banner.

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

const RANGES: Record<BillingUsageRange, { seconds: number; bucketSeconds: number }> = {
  "24h": { seconds: 86_400, bucketSeconds: 3600 },
  "7d": { seconds: 7 * 86_400, bucketSeconds: 3600 },
  "30d": { seconds: 30 * 86_400, bucketSeconds: 86_400 },
};

export async function getBillingUsage(db: Database, tenantId: string, range: BillingUsageRange, rules: BillingRulesConfig, now = new Date()): Promise<TenantBillingUsage> {
  const { seconds, bucketSeconds } = RANGES[range];
  const toSeconds = Math.ceil(now.getTime() / 1000 / bucketSeconds) * bucketSeconds;
  const fromSeconds = toSeconds - seconds;
  const buckets = rowsOf<{ workload: string; bucket: string; cpu: string; memory: string; exact: string }>(
    await db.execute(sql`
      select workload, (floor(extract(epoch from hour_start) / ${bucketSeconds}) * ${bucketSeconds})::bigint::text as bucket,
        sum(cpu_millicore_seconds)::text as cpu, sum(memory_mib_seconds)::text as memory,
        sum(exact_cpu::numeric + exact_memory::numeric)::text as exact
      from usage_windows
      where tenant_id = ${tenantId}::uuid and hour_start >= to_timestamp(${fromSeconds}) and hour_start < to_timestamp(${toSeconds})
      group by 1, 2 order by 1, 2`),
  );
  const byWorkload = new Map<string, TenantBillingUsage["workloads"][number]>();
  const totals = new Map<string, bigint>();
  for (const row of buckets) {
    let entry = byWorkload.get(row.workload);
    if (!entry) byWorkload.set(row.workload, (entry = { workload: row.workload, points: [], totalCostMinor: "0" }));
    const exact = BigInt(row.exact);
    totals.set(row.workload, (totals.get(row.workload) ?? 0n) + exact);
    entry.points.push({
      at: new Date(Number(row.bucket) * 1000).toISOString(),
      vcpuHours: formatDecimal(BigInt(row.cpu), 3_600_000n),
      gibHours: formatDecimal(BigInt(row.memory), 1024n * 3600n),
      costMinor: roundToMinor(exact).toString(),
    });
  }
  for (const [workload, exact] of totals) byWorkload.get(workload)!.totalCostMinor = roundToMinor(exact).toString();

  const [running] = rowsOf<{ cpu: string; memory: string }>(
    await db.execute(sql`
      select coalesce(sum(cpu_millicores), 0)::text as cpu, coalesce(sum(memory_mib), 0)::text as memory
      from meter_intervals where tenant_id = ${tenantId}::uuid and end_at is null`),
  );
  const card = await priceCardAt(db, now);
  const cpuMillicores = BigInt(running.cpu);
  const memoryMiB = BigInt(running.memory);
  // micro-minor per hour = m/1000 × cpuRate + MiB/1024 × memoryRate, over the common denominator 1024000.
  const numerator = cpuMillicores * card.cpuMicroMinorPerVcpuHour * 1024n + memoryMiB * card.memoryMicroMinorPerGiBHour * 1000n;
  const microMinorPerHour = (numerator * 2n + 1_024_000n) / 2_048_000n;
  const exactPerHour = (numerator * EXACT_DENOMINATOR) / 1_024_000_000_000n;
  const balance = await getBalance(db, tenantId);
  const available = balance.balanceMinor - balance.floorMinor;
  let projectedDaysLeft: number | null = null;
  if (numerator > 0n) {
    // Hours left = available minor × 1e6 × 1024000 / numerator; kept to a tenth of a day.
    const tenthsOfDays = available <= 0n ? 0n : (available * 1_000_000n * 1_024_000n * 10n) / (numerator * 24n);
    projectedDaysLeft = Number(tenthsOfDays) / 10;
  }

  const state = await getBillingState(db, tenantId);
  const notices = await db.select().from(billingNotifications).where(eq(billingNotifications.tenantId, tenantId)).orderBy(desc(billingNotifications.createdAt)).limit(10);
  return {
    range,
    from: new Date(fromSeconds * 1000).toISOString(),
    to: new Date(toSeconds * 1000).toISOString(),
    bucketSeconds,
    currency: balance.currency,
    workloads: [...byWorkload.values()],
    burn: {
      cpuMillicores: Number(cpuMillicores),
      memoryMiB: Number(memoryMiB),
      microMinorPerHour: microMinorPerHour.toString(),
      minorPerHour: roundToMinor(exactPerHour).toString(),
      priceCardVersion: card.version,
      projectedDaysLeft,
    },
    billing: {
      state: state.state,
      balanceMinor: balance.balanceMinor.toString(),
      floorMinor: balance.floorMinor.toString(),
      lowBalanceMinor: rules.lowBalanceMinor.toString(),
      warnedAt: state.warnedAt?.toISOString() ?? null,
      suspendsAt: state.state === "warned" && state.warnedAt ? new Date(state.warnedAt.getTime() + rules.graceSeconds * 1000).toISOString() : null,
      suspendedAt: state.suspendedAt?.toISOString() ?? null,
      notifications: notices.map((notice) => ({
        kind: notice.kind as TenantBillingUsage["billing"]["notifications"][number]["kind"],
        message: notice.message,
        balanceMinor: notice.balanceMinor.toString(),
        createdAt: notice.createdAt.toISOString(),
      })),
    },
  };
}

export function toInvoiceSummary(invoice: Invoice): InvoiceSummary {
  return {
    id: invoice.id,
    periodStart: invoice.monthStart.toISOString(),
    periodEnd: invoice.monthEnd.toISOString(),
    status: invoice.status,
    currency: invoice.currency,
    totalMinor: invoice.totalMinor.toString(),
    finalizedAt: invoice.finalizedAt?.toISOString() ?? null,
  };
}

export function toInvoice(invoice: Invoice): InvoiceDto {
  return {
    ...toInvoiceSummary(invoice),
    lines: invoice.lines.map((line) => ({
      workload: line.workload,
      resource: line.resource,
      priceCardVersion: line.priceCardVersion,
      quantity: line.quantity,
      unit: line.unit,
      baseQuantity: line.baseQuantity.toString(),
      rateMicroMinorPerUnitHour: line.rateMicroMinor.toString(),
      amountMinor: line.amountMinor.toString(),
    })),
  };
}

/** The balance rules as configured (env), for routes that show them. */
export function billingRulesFromEnv(env: { APIARY_BILLING_LOW_BALANCE_MINOR: number; APIARY_BILLING_GRACE_SECONDS: number }): BillingRulesConfig {
  return { lowBalanceMinor: BigInt(env.APIARY_BILLING_LOW_BALANCE_MINOR), graceSeconds: env.APIARY_BILLING_GRACE_SECONDS };
}
