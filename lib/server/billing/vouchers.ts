import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import type { Voucher as VoucherDto } from "@/lib/contracts/ops-billing";
import type { Database } from "@/lib/server/db/database";
import { voucherRedemptions, vouchers } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { creditTenant } from "./ledger";

// Vouchers: codes made in batches by operators, each worth an amount, redeemable once by one tenant. Only a
// SHA-256 of a code is stored (the codes carry 80 random bits, enough for a plain hash), so the codes are shown
// once, when the batch is made. A redemption is a row keyed by the voucher, written in the same transaction as the
// credit: of any number of concurrent redemptions exactly one inserts it and the others find it taken.
//
//   createVoucherBatch(db, { count, amountMinor, currency, expiresAt, label }, createdBy) → { batchId, codes, vouchers }
//   listVouchers(db, { limit, cursor }) → { items, nextCursor }
//   redeemVoucher(db, tenantId, code, ledgerKey) → { voucherId, amountMinor, balanceAfterMinor, transactionId }

// Crockford base32 without I, L, O, U: codes are read aloud and typed by people.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function newCode(): string {
  const bytes = randomBytes(16);
  let code = "";
  for (let i = 0; i < 16; i++) code += ALPHABET[bytes[i] % 32];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code.slice(12, 16)}`;
}

/** The form codes are compared in: upper case, no separators or spaces. */
export function normalizeVoucherCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

function hashCode(code: string): string {
  return createHash("sha256").update(normalizeVoucherCode(code)).digest("hex");
}

export type Voucher = typeof vouchers.$inferSelect & { redeemedAt: Date | null; redeemedByTenantId: string | null };

export interface NewVoucherBatch {
  count: number;
  amountMinor: bigint;
  currency: string;
  expiresAt: Date | null;
  label: string;
}

export async function createVoucherBatch(db: Database, input: NewVoucherBatch, createdBy: string | null): Promise<{ batchId: string; codes: string[]; vouchers: Voucher[] }> {
  if (input.amountMinor <= 0n) throw new ApiError("validation_failed", "A voucher is worth a positive amount", [{ field: "body.amountMinor", message: "must be positive" }]);
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw new ApiError("validation_failed", "A voucher expires in the future", [{ field: "body.expiresAt", message: "must be in the future" }]);
  const batchId = randomUUID();
  const codes = Array.from({ length: input.count }, newCode);
  const rows = await db
    .insert(vouchers)
    .values(codes.map((code) => ({ codeHash: hashCode(code), codeHint: code.slice(-4), batchId, label: input.label, amountMinor: input.amountMinor, currency: input.currency, expiresAt: input.expiresAt, createdBy })))
    .returning();
  return { batchId, codes, vouchers: rows.map((row) => ({ ...row, redeemedAt: null, redeemedByTenantId: null })) };
}

export async function listVouchers(db: Database, page: { limit: number; cursor?: string }): Promise<{ items: Voucher[]; nextCursor: string | null }> {
  // The cursor is the last row's id; its created_at is read back from the row, keeping the database's microseconds.
  if (page.cursor && !/^[0-9a-f-]{36}$/.test(page.cursor)) throw new ApiError("validation_failed", "Unknown cursor", [{ field: "query.cursor", message: "not a cursor of this list" }]);
  const rows = await db
    .select({ voucher: vouchers, redeemedAt: voucherRedemptions.redeemedAt, redeemedByTenantId: voucherRedemptions.tenantId })
    .from(vouchers)
    .leftJoin(voucherRedemptions, eq(voucherRedemptions.voucherId, vouchers.id))
    .where(page.cursor ? sql`(${vouchers.createdAt}, ${vouchers.id}) < (select v.created_at, v.id from vouchers v where v.id = ${page.cursor}::uuid)` : undefined)
    .orderBy(desc(vouchers.createdAt), desc(vouchers.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit).map((row) => ({ ...row.voucher, redeemedAt: row.redeemedAt, redeemedByTenantId: row.redeemedByTenantId }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? last.id : null };
}

/**
 * Credits a voucher's amount to the tenant, once in the voucher's life. `db` should be the transaction the caller's
 * idempotency record lives in; the credit's own transaction nests in it.
 */
export async function redeemVoucher(db: Database, tenantId: string, code: string, ledgerKey: string): Promise<{ voucherId: string; amountMinor: bigint; currency: string; balanceAfterMinor: bigint; transactionId: string }> {
  const [voucher] = await db.select().from(vouchers).where(eq(vouchers.codeHash, hashCode(code)));
  // The same answer for a code that never existed and one mistyped, so codes cannot be probed one by one.
  if (!voucher) throw new ApiError("not_found", "No voucher has this code. Check it and try again.");
  if (voucher.expiresAt && voucher.expiresAt.getTime() <= Date.now()) throw new ApiError("conflict", `This voucher expired on ${voucher.expiresAt.toISOString().slice(0, 10)}.`);
  return db.transaction(async (tx) => {
    // Redeemers of one voucher queue on its row; after the first commits, the rest see it taken and stop here.
    await tx.select({ id: vouchers.id }).from(vouchers).where(eq(vouchers.id, voucher.id)).for("update");
    const [taken] = await tx.select({ tenantId: voucherRedemptions.tenantId }).from(voucherRedemptions).where(eq(voucherRedemptions.voucherId, voucher.id));
    if (taken) throw new ApiError("conflict", "This voucher has already been redeemed.");
    const credited = await creditTenant(tx as unknown as Database, {
      tenantId,
      idempotencyKey: `${ledgerKey}:voucher:${voucher.id}`,
      amountMinor: voucher.amountMinor,
      kind: "topup_voucher",
      from: "platform:promotions",
      memo: `Voucher …${voucher.codeHint} (${voucher.label})`,
      metadata: { voucherId: voucher.id, batchId: voucher.batchId },
    });
    // The primary key is the last word: even without the row lock, only one redemption of a voucher can exist.
    const [redemption] = await tx.insert(voucherRedemptions).values({ voucherId: voucher.id, tenantId, transactionId: credited.transactionId }).onConflictDoNothing().returning();
    if (!redemption) throw new ApiError("conflict", "This voucher has already been redeemed.");
    return { voucherId: voucher.id, amountMinor: voucher.amountMinor, currency: voucher.currency, balanceAfterMinor: credited.balanceAfterMinor, transactionId: credited.transactionId };
  });
}

export function toVoucher(voucher: Voucher): VoucherDto {
  return {
    id: voucher.id,
    batchId: voucher.batchId,
    label: voucher.label,
    codeHint: voucher.codeHint,
    amountMinor: voucher.amountMinor.toString(),
    currency: voucher.currency,
    expiresAt: voucher.expiresAt?.toISOString() ?? null,
    createdAt: voucher.createdAt.toISOString(),
    redeemedAt: voucher.redeemedAt?.toISOString() ?? null,
    redeemedByTenantId: voucher.redeemedByTenantId,
  };
}
