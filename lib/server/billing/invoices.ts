import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db/database";
import { invoiceLines, invoices, priceCards } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { getBalance } from "./ledger";
import { EXACT_DENOMINATOR } from "./rate-usage";

// Monthly invoices (DESIGN.md § Billing). An invoice is one tenant's month of usage windows, in lines per workload,
// resource and price card version. The total is the sum of the month's meter charges, which is what the ledger
// took (chargeWithCarry makes it the rounded exact total); each line's amount is its exact amount rounded down,
// with the remaining minor units given to the lines with the largest remainders, so the lines add up to the
// ledger's total exactly. During the month (and until the meter has metered all of it) the invoice is a draft
// computed on request; afterwards the meter tick writes it once, and triggers keep it from changing.

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export type InvoiceResource = "cpu" | "memory";

export interface InvoiceLine {
  workload: string;
  resource: InvoiceResource;
  priceCardVersion: number;
  /** Integer base quantity: millicore-seconds (cpu) or MiB-seconds (memory). */
  baseQuantity: bigint;
  /** vCPU-hours or GiB-hours, as a decimal string with six places (rounded half up from baseQuantity). */
  quantity: string;
  unit: "vCPU-hour" | "GiB-hour";
  /** Price per unit-hour in micro-minor units. */
  rateMicroMinor: bigint;
  amountMinor: bigint;
}

export interface Invoice {
  /** The month, "YYYY-MM": one invoice per tenant and month. */
  id: string;
  tenantId: string;
  monthStart: Date;
  monthEnd: Date;
  status: "draft" | "finalized";
  currency: string;
  totalMinor: bigint;
  finalizedAt: Date | null;
  lines: InvoiceLine[];
}

const MONTH_ID = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthOfInvoiceId(id: string): Date {
  const match = MONTH_ID.exec(id);
  if (!match) throw new ApiError("validation_failed", `Invoice ${id} is not a month like 2027-03`, [{ field: "path.id", message: "a month, YYYY-MM" }]);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
}

function nextMonth(month: Date): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
}

function invoiceId(month: Date): string {
  return month.toISOString().slice(0, 7);
}

/** `value / divisor` as a decimal with `places` places, rounded half up; integers only. */
export function formatDecimal(value: bigint, divisor: bigint, places = 6): string {
  const scale = 10n ** BigInt(places);
  const scaled = (value * scale * 2n + divisor) / (2n * divisor);
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(places, "0");
  return places === 0 ? whole.toString() : `${whole}.${fraction}`;
}

/** Computes the invoice of a month from the usage windows and meter charges (draft or not). */
async function computeInvoice(db: Database, tenantId: string, monthStart: Date): Promise<Omit<Invoice, "status" | "finalizedAt">> {
  const grouped = rowsOf<{ workload: string; version: number; cpu_base: string; memory_base: string; cpu_exact: string; memory_exact: string }>(
    await db.execute(sql`
      select workload, price_card_version as version,
        sum(cpu_millicore_seconds)::text as cpu_base, sum(memory_mib_seconds)::text as memory_base,
        sum(exact_cpu::numeric)::text as cpu_exact, sum(exact_memory::numeric)::text as memory_exact
      from usage_windows where tenant_id = ${tenantId}::uuid and month_start = ${monthStart}
      group by workload, price_card_version order by workload, price_card_version`),
  );
  const [charged] = rowsOf<{ total: string }>(
    await db.execute(sql`select coalesce(sum(amount_minor), 0)::text as total from meter_charges where tenant_id = ${tenantId}::uuid and month_start = ${monthStart}`),
  );
  const cards = new Map((await db.select().from(priceCards)).map((card) => [card.version, card]));
  const drafts: (InvoiceLine & { exact: bigint })[] = [];
  for (const row of grouped) {
    const card = cards.get(row.version);
    if (!card) throw new Error(`price card ${row.version} is missing`);
    drafts.push({
      workload: row.workload,
      resource: "cpu",
      priceCardVersion: row.version,
      baseQuantity: BigInt(row.cpu_base),
      quantity: formatDecimal(BigInt(row.cpu_base), 3_600_000n),
      unit: "vCPU-hour",
      rateMicroMinor: card.cpuMicroMinorPerVcpuHour,
      amountMinor: 0n,
      exact: BigInt(row.cpu_exact),
    });
    drafts.push({
      workload: row.workload,
      resource: "memory",
      priceCardVersion: row.version,
      baseQuantity: BigInt(row.memory_base),
      quantity: formatDecimal(BigInt(row.memory_base), 1024n * 3600n),
      unit: "GiB-hour",
      rateMicroMinor: card.memoryMicroMinorPerGiBHour,
      amountMinor: 0n,
      exact: BigInt(row.memory_exact),
    });
  }
  const totalMinor = BigInt(charged.total);
  allocate(drafts, totalMinor);
  const currency = drafts.length > 0 ? (cards.get(drafts[0].priceCardVersion)?.currency ?? "USD") : (await getBalance(db, tenantId)).currency;
  return {
    id: invoiceId(monthStart),
    tenantId,
    monthStart,
    monthEnd: nextMonth(monthStart),
    currency,
    totalMinor,
    lines: drafts.map(({ exact: _exact, ...line }) => line),
  };
}

/**
 * Largest-remainder rounding: each line gets its exact amount rounded down, and the minor units still missing
 * from `totalMinor` go one each to the lines with the largest remainders (ties by position), so Σ lines = total.
 */
export function allocate(lines: { exact: bigint; amountMinor: bigint }[], totalMinor: bigint): void {
  let assigned = 0n;
  for (const line of lines) {
    line.amountMinor = line.exact / EXACT_DENOMINATOR;
    assigned += line.amountMinor;
  }
  let missing = totalMinor - assigned;
  if (missing < 0n || missing > BigInt(lines.length)) {
    throw new Error(`invoice lines (${assigned} rounded down over ${lines.length} lines) cannot add up to the charged ${totalMinor}`);
  }
  const order = lines.map((line, index) => ({ index, remainder: line.exact % EXACT_DENOMINATOR })).sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (missing === 0n) break;
    lines[index].amountMinor += 1n;
    missing -= 1n;
  }
}

async function storedInvoice(db: Database, tenantId: string, monthStart: Date): Promise<Invoice | null> {
  const [row] = await db.select().from(invoices).where(and(eq(invoices.tenantId, tenantId), eq(invoices.monthStart, monthStart)));
  if (!row) return null;
  const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, row.id)).orderBy(asc(invoiceLines.position));
  return {
    id: invoiceId(monthStart),
    tenantId,
    monthStart,
    monthEnd: nextMonth(monthStart),
    status: "finalized",
    currency: row.currency,
    totalMinor: row.totalMinor,
    finalizedAt: row.finalizedAt,
    lines: lines.map((line) => ({
      workload: line.workload,
      resource: line.resource as InvoiceResource,
      priceCardVersion: line.priceCardVersion,
      baseQuantity: BigInt(line.quantity.split("|")[0]),
      quantity: line.quantity.split("|")[1] ?? line.quantity,
      unit: line.resource === "cpu" ? "vCPU-hour" : "GiB-hour",
      rateMicroMinor: line.rateMicroMinor,
      amountMinor: line.amountMinor,
    })),
  };
}

/** The tenant's invoice for a month ("YYYY-MM"): finalized if written, else the draft so far. */
export async function getInvoiceOrThrow(db: Database, tenantId: string, id: string): Promise<Invoice> {
  const monthStart = monthOfInvoiceId(id);
  const stored = await storedInvoice(db, tenantId, monthStart);
  if (stored) return stored;
  const draft = await computeInvoice(db, tenantId, monthStart);
  const current = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
  if (draft.lines.length === 0 && draft.totalMinor === 0n && monthStart.getTime() !== current.getTime()) {
    throw new ApiError("not_found", `No invoice for ${id}: the tenant had no usage that month`);
  }
  return { ...draft, status: "draft", finalizedAt: null };
}

/** Every month the tenant has usage in (newest first): finalized invoices and drafts. */
export async function listInvoices(db: Database, tenantId: string): Promise<Invoice[]> {
  const months = rowsOf<{ month: string | Date }>(
    await db.execute(sql`
      select month_start as month from meter_charges where tenant_id = ${tenantId}::uuid
      union select month_start from invoices where tenant_id = ${tenantId}::uuid
      order by 1 desc`),
  );
  const out: Invoice[] = [];
  for (const { month } of months) out.push(await getInvoiceOrThrow(db, tenantId, invoiceId(new Date(month))));
  return out;
}

/**
 * Writes the invoices of every month that has ended and has been metered in full (no interval of the tenant is
 * metered short of the month's end). Safe to repeat: a month already written is skipped.
 */
export async function finalizeEndedInvoices(db: Database, now: Date): Promise<number> {
  const currentMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const due = rowsOf<{ tenant_id: string; month: string | Date }>(
    await db.execute(sql`
      select distinct c.tenant_id::text, c.month_start as month from meter_charges c
      where c.month_start < ${currentMonth}
        and not exists (select 1 from invoices i where i.tenant_id = c.tenant_id and i.month_start = c.month_start)
        and not exists (
          select 1 from meter_intervals m where m.tenant_id = c.tenant_id
            and m.metered_to < least(coalesce(m.end_at, 'infinity'::timestamptz), c.month_start + interval '1 month'))
      order by 2, 1`),
  );
  let written = 0;
  for (const row of due) {
    const monthStart = new Date(row.month);
    const invoice = await computeInvoice(db, row.tenant_id, monthStart);
    await db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(invoices)
        .values({ tenantId: row.tenant_id, monthStart, currency: invoice.currency, totalMinor: invoice.totalMinor, finalizedAt: now })
        .onConflictDoNothing()
        .returning({ id: invoices.id });
      if (!inserted) return;
      if (invoice.lines.length > 0) {
        await tx.insert(invoiceLines).values(
          invoice.lines.map((line, position) => ({
            invoiceId: inserted.id,
            position,
            workload: line.workload,
            resource: line.resource,
            priceCardVersion: line.priceCardVersion,
            // The integer base quantity and its display form, so the stored line keeps both exactly.
            quantity: `${line.baseQuantity}|${line.quantity}`,
            rateMicroMinor: line.rateMicroMinor,
            amountMinor: line.amountMinor,
          })),
        );
      }
      written++;
    });
  }
  return written;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function minorAsDecimal(amountMinor: bigint): string {
  const negative = amountMinor < 0n;
  const abs = negative ? -amountMinor : amountMinor;
  return `${negative ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** The invoice as CSV: one row per line, then the total. Amounts in minor units and as decimals. */
export function invoiceToCsv(invoice: Invoice, tenantSlug: string): string {
  const header = ["tenant", "invoice", "status", "workload", "resource", "price_card_version", "quantity", "unit", "rate_micro_minor_per_unit_hour", "amount_minor", "amount", "currency"];
  const rows = invoice.lines.map((line) => [
    tenantSlug,
    invoice.id,
    invoice.status,
    line.workload,
    line.resource,
    String(line.priceCardVersion),
    line.quantity,
    line.unit,
    line.rateMicroMinor.toString(),
    line.amountMinor.toString(),
    minorAsDecimal(line.amountMinor),
    invoice.currency,
  ]);
  rows.push([tenantSlug, invoice.id, invoice.status, "TOTAL", "", "", "", "", "", invoice.totalMinor.toString(), minorAsDecimal(invoice.totalMinor), invoice.currency]);
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}
