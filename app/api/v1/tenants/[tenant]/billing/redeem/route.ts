import { redeemVoucherOperation } from "@/lib/contracts/billing";
import { idempotentResponse, requireIdempotencyKey, runIdempotent } from "@/lib/server/billing/idempotency";
import { redeemVoucher } from "@/lib/server/billing/vouchers";
import { getDatabase } from "@/lib/server/db/get-database";
import { tenantRoute } from "@/lib/server/http/tenant-route";

export const dynamic = "force-dynamic";

// POST /api/v1/tenants/{tenant}/billing/redeem — redeem a voucher code; idempotent by Idempotency-Key.
export const POST = tenantRoute(redeemVoucherOperation, async ({ request, tenant, body, audit }) => {
  const key = requireIdempotencyKey(request);
  const { db } = await getDatabase();
  const answer = await runIdempotent(db, { scope: `tenant:${tenant.id}`, key, operation: redeemVoucherOperation.id, body, successStatus: 200 }, async (tx, ledgerKey) => {
    const redeemed = await redeemVoucher(tx, tenant.id, body.code, ledgerKey);
    audit.target = `voucher:${redeemed.voucherId}`;
    return redeemVoucherOperation.response.parse({
      amountMinor: redeemed.amountMinor.toString(),
      currency: redeemed.currency,
      balanceMinor: redeemed.balanceAfterMinor.toString(),
      transactionId: redeemed.transactionId,
    });
  });
  // The code itself never reaches the audit log.
  audit.details = { replayed: answer.replayed };
  return idempotentResponse(answer);
});
