import "server-only";
import { grantFirstIncludedCredit } from "@/lib/server/billing/grant-included-credit";
import type { SignupRequest } from "@/lib/contracts/auth";
import type { TenantRole } from "@/lib/contracts/permissions";
import { getDatabase } from "@/lib/server/db/get-database";
import { limitSignUp } from "@/lib/server/http/rate-limit";
import { acceptInvitationInTransaction } from "@/lib/server/tenancy/invitations";
import { reconcileTenant } from "@/lib/server/tenancy/reconcile-tenant";
import { insertTenantWithOwner, type TenantRow } from "@/lib/server/tenancy/tenants";
import { hashPassword } from "./password-hash";
import { createSession, type NewSession } from "./sessions";
import { assertPasswordAcceptable, insertUser, normalizeEmail, type UserRow } from "./users";

export interface SignupResult {
  user: UserRow;
  tenant: TenantRow;
  role: TenantRole;
  session: NewSession;
}

/**
 * Creates the user and either a new tenant they own or the membership an invitation offers, in one transaction;
 * then provisions a new tenant's namespace and answers once it exists (or with the tenant in
 * provisioning_failed, which keeps the account usable and offers a retry).
 */
export async function signUp(input: SignupRequest, meta: { ip: string; userAgent: string | null }): Promise<SignupResult> {
  const email = normalizeEmail(input.email);
  await limitSignUp(meta.ip, email);
  assertPasswordAcceptable(input.password, email);
  const passwordHash = await hashPassword(input.password);
  const { db } = await getDatabase();
  const created = await db.transaction(async (tx) => {
    const user = await insertUser(tx, { email, name: input.name, passwordHash });
    if (input.invitationToken) {
      const joined = await acceptInvitationInTransaction(tx, input.invitationToken, { id: user.id, email: user.email });
      return { user, tenant: joined.tenant, role: joined.role, isNew: false };
    }
    const tenant = await insertTenantWithOwner(tx, { name: input.tenantName!, ownerUserId: user.id });
    return { user, tenant, role: "owner" as TenantRole, isNew: true };
  });
  if (created.isNew) await grantFirstIncludedCredit(db, created.tenant);
  const tenant = created.isNew ? await reconcileTenant(created.tenant) : created.tenant;
  const session = await createSession(created.user.id, meta);
  return { user: created.user, tenant, role: created.role, session };
}
