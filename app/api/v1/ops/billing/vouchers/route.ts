import { opsCreateVoucherBatchOperation, opsListVouchersOperation } from "@/lib/contracts/ops-billing";
import { createVoucherBatch, listVouchers, toVoucher } from "@/lib/server/billing/vouchers";
import { getDatabase } from "@/lib/server/db/get-database";
import { adminRoute } from "@/lib/server/http/user-route";

export const dynamic = "force-dynamic";

// GET /api/v1/ops/billing/vouchers — newest first, with their redemptions (never the codes).
export const GET = adminRoute(opsListVouchersOperation, async ({ query }) => {
  const { db } = await getDatabase();
  const page = await listVouchers(db, query);
  return { items: page.items.map(toVoucher), nextCursor: page.nextCursor };
});

// POST /api/v1/ops/billing/vouchers — a batch of codes, shown in this answer only.
export const POST = adminRoute(opsCreateVoucherBatchOperation, async ({ body, actor, audit }) => {
  const { db } = await getDatabase();
  const batch = await createVoucherBatch(
    db,
    { count: body.count, amountMinor: BigInt(body.amountMinor), currency: body.currency, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null, label: body.label },
    actor.email,
  );
  audit.target = `voucher_batch:${batch.batchId}`;
  // The codes are secrets: the audit record says how many and how much, never which.
  audit.details = { count: body.count, amountMinor: body.amountMinor, currency: body.currency, label: body.label };
  return { batchId: batch.batchId, codes: batch.codes, vouchers: batch.vouchers.map(toVoucher) };
});
