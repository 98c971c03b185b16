import { roleRank, TENANT_ROLES, type TenantRole } from "@/lib/contracts/permissions";
import type { Translate } from "@/lib/i18n/translate";

/**
 * Roles offered in a picker: none stronger than the caller's own, because the server refuses those (only owners
 * make owners; a key may not outrank its creator). Without a known role, all are offered and the server decides.
 */
export function roleOptions(t: Translate, callerRole: TenantRole | undefined): { value: TenantRole; label: string }[] {
  return TENANT_ROLES.filter((role) => !callerRole || roleRank(role) >= roleRank(callerRole)).map((role) => ({ value: role, label: t(`roles.${role}`) }));
}
