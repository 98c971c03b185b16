import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { recordAudit } from "@/lib/server/audit/audit-log";
import type { UserActor } from "@/lib/server/auth/actor";
import type { Database } from "@/lib/server/db/database";
import { tenants } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { creditTenant } from "./ledger";

// Operator credit: a platform admin adds money to a tenant's balance with a reason. The audit record is written in
// the same transaction as the ledger entries, so there is never money without its reason, nor a reason without it.

export async function creditTenantByOperator(
  db: Database,
  input: { tenantSlug: string; amountMinor: bigint; reason: string; actor: UserActor; ledgerKey: string; ip?: string | null; requestId?: string | null },
): Promise<{ tenantId: string; tenantSlug: string; transactionId: string; balanceAfterMinor: bigint }> {
  const [tenant] = await db
    .select({ id: tenants.id, slug: tenants.slug })
    .from(tenants)
    .where(and(eq(tenants.slug, input.tenantSlug), ne(tenants.status, "deleted")));
  if (!tenant) throw new ApiError("not_found", `Tenant ${input.tenantSlug} not found.`);
  return db.transaction(async (tx) => {
    const credited = await creditTenant(tx as unknown as Database, {
      tenantId: tenant.id,
      idempotencyKey: input.ledgerKey,
      amountMinor: input.amountMinor,
      kind: "topup_operator",
      from: "platform:cash",
      memo: `Credit from the operator: ${input.reason}`,
      metadata: { reason: input.reason, operatorUserId: input.actor.userId },
    });
    await recordAudit(
      {
        actor: input.actor,
        tenant,
        action: "billing.credit",
        target: `ledger_transaction:${credited.transactionId}`,
        result: "success",
        ip: input.ip,
        requestId: input.requestId,
        details: { amountMinor: input.amountMinor.toString(), reason: input.reason },
      },
      tx as unknown as Database,
    );
    return { tenantId: tenant.id, tenantSlug: tenant.slug, transactionId: credited.transactionId, balanceAfterMinor: credited.balanceAfterMinor };
  });
}
