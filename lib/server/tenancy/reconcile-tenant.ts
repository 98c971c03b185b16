import "server-only";
import { eq } from "drizzle-orm";
import { getDatabase } from "@/lib/server/db/get-database";
import { tenants } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { logger } from "@/lib/server/logger";
import { provisionTenant } from "./provision-tenant";
import { getPlanOrThrow, setTenantStatus, toResolvedTenant, type TenantRow } from "./tenants";

/**
 * Runs provisioning for a tenant and records the outcome: active, or provisioning_failed with the reason in words
 * (shown with a retry button). Never throws for a cluster failure: the tenant exists either way.
 */
export async function reconcileTenant(row: TenantRow): Promise<TenantRow> {
  const plan = await getPlanOrThrow(row.planName);
  try {
    await provisionTenant(toResolvedTenant(row), plan);
  } catch (error) {
    const message = error instanceof ApiError ? error.message : "Provisioning failed for an unexpected reason.";
    logger().warn({ err: error, tenant: row.slug }, "tenant provisioning failed");
    return setTenantStatus(row.id, { status: "provisioning_failed", provisioningError: message.slice(0, 500) });
  }
  // A suspended tenant stays suspended when its objects are re-asserted.
  const status = row.status === "suspended" ? "suspended" : "active";
  return setTenantStatus(row.id, { status, provisioningError: null, provisionedAt: row.provisionedAt ?? new Date() });
}

/**
 * Resumes provisioning of tenants a previous process left half-done (it stopped between creating the tenant and
 * recording the outcome). Safe to run on every replica at start: provisioning is idempotent.
 */
export async function reconcileUnfinishedTenants(): Promise<number> {
  const { db } = await getDatabase();
  const rows = await db.select().from(tenants).where(eq(tenants.status, "provisioning"));
  for (const row of rows) await reconcileTenant(row);
  return rows.length;
}
