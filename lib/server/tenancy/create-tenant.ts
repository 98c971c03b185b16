import "server-only";
import { grantFirstIncludedCredit } from "@/lib/server/billing/grant-included-credit";
import { and, count, eq, ne } from "drizzle-orm";
import { getDatabase } from "@/lib/server/db/get-database";
import { memberships, tenants } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { reconcileTenant } from "./reconcile-tenant";
import { insertTenantWithOwner, type TenantRow } from "./tenants";

/** Each tenant is a namespace with its own quota; a cap per person keeps one account from claiming the cluster. */
const MAX_OWNED_TENANTS = 20;

/** Another tenant for a signed-in user, who becomes its owner; provisioned before answering. */
export async function createTenantForUser(userId: string, name: string): Promise<TenantRow> {
  const { db } = await getDatabase();
  const [owned] = await db
    .select({ n: count() })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, userId), eq(memberships.role, "owner"), ne(tenants.status, "deleted")));
  if (owned.n >= MAX_OWNED_TENANTS) throw new ApiError("forbidden", `You already own ${owned.n} tenants, the most one person may own.`);
  const row = await db.transaction((tx) => insertTenantWithOwner(tx, { name, ownerUserId: userId }));
  await grantFirstIncludedCredit(db, row);
  return reconcileTenant(row);
}
