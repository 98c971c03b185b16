import { useWhoAmI } from "@/lib/client/use-who-am-i";
import type { Permission } from "@/lib/contracts/permissions";
import type { TenantMembership } from "@/lib/contracts/tenants";

export type TenantAccess = {
  /** The caller's membership of the tenant, or null when they are not a member (or not signed in). */
  membership: TenantMembership | null;
  /** Whether the caller's role holds a permission. The server decides; this only enables or disables buttons. */
  can: (permission: Permission) => boolean;
  isPending: boolean;
};

/** The signed-in user's role and permissions in one tenant, read from who-am-i (no extra request). */
export function useTenantAccess(tenant: string): TenantAccess {
  const whoAmI = useWhoAmI();
  const membership = whoAmI.data?.tenants.find((item) => item.slug === tenant) ?? null;
  const permissions = new Set(membership?.permissions ?? []);
  return { membership, can: (permission) => permissions.has(permission), isPending: whoAmI.isPending };
}
