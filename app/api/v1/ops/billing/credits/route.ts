import { opsCreditTenantOperation } from "@/lib/contracts/ops-billing";
import { idempotentResponse, requireIdempotencyKey, runIdempotent } from "@/lib/server/billing/idempotency";
import { getBalance } from "@/lib/server/billing/ledger";
import { creditTenantByOperator } from "@/lib/server/billing/top-ups";
import { getDatabase } from "@/lib/server/db/get-database";
import { adminRoute } from "@/lib/server/http/user-route";

export const dynamic = "force-dynamic";

// POST /api/v1/ops/billing/credits — credit a tenant with a reason (audited); idempotent by Idempotency-Key.
export const POST = adminRoute(opsCreditTenantOperation, async ({ request, body, actor, audit, ip, requestId }) => {
  const key = requireIdempotencyKey(request);
  const { db } = await getDatabase();
  audit.target = `tenant:${body.tenant}`;
  audit.details = { amountMinor: body.amountMinor, reason: body.reason };
  const answer = await runIdempotent(db, { scope: `ops:${actor.userId}`, key, operation: opsCreditTenantOperation.id, body, successStatus: 201 }, async (tx, ledgerKey) => {
    const credited = await creditTenantByOperator(tx, { tenantSlug: body.tenant, amountMinor: BigInt(body.amountMinor), reason: body.reason, actor, ledgerKey, ip, requestId });
    const balance = await getBalance(tx, credited.tenantId);
    return opsCreditTenantOperation.response.parse({
      tenant: credited.tenantSlug,
      amountMinor: body.amountMinor,
      balanceMinor: credited.balanceAfterMinor.toString(),
      currency: balance.currency,
      transactionId: credited.transactionId,
    });
  });
  audit.details = { ...audit.details, replayed: answer.replayed };
  return idempotentResponse(answer);
});
