import type { WhoAmI } from "@/lib/contracts/auth";

/**
 * Where a user lands after signing in without a specific destination: their first tenant's overview, the
 * platform screens for an operator without tenants, or the page that creates a tenant for everyone else.
 */
export function firstDestination(who: Pick<WhoAmI, "tenants" | "platformAdmin">): string {
  const first = who.tenants.find((tenant) => tenant.status !== "deleted");
  if (first) return `/${encodeURIComponent(first.slug)}`;
  if (who.platformAdmin) return "/ops";
  // Under /account, a reserved slug, so no tenant's URL can shadow it.
  return "/account/new-tenant";
}
