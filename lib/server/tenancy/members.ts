import "server-only";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Member } from "@/lib/contracts/members";
import { TENANT_ROLES, roleRank, type TenantRole } from "@/lib/contracts/permissions";
import type { Database } from "@/lib/server/db/database";
import { forgetAccess } from "@/lib/server/auth/access-memo";
import { getDatabase } from "@/lib/server/db/get-database";
import { apiKeys, memberships, users } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import type { ResolvedTenant } from "./tenants";

/**
 * A key acts with its own role, but nobody may hold a key stronger than themselves (keys are created at most at
 * the creator's role). So when a member is demoted, their keys above the new role are revoked, and when a member
 * leaves or is removed, all their keys in the tenant are: otherwise a removed person would keep access through a key.
 */
async function revokeKeysAbove(tx: Database, tenant: ResolvedTenant, userId: string, role: TenantRole | null): Promise<void> {
  const above = role === null ? [...TENANT_ROLES] : TENANT_ROLES.filter((r) => roleRank(r) < roleRank(role));
  if (above.length === 0) return;
  await tx
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.tenantId, tenant.id), eq(apiKeys.createdBy, userId), isNull(apiKeys.revokedAt), inArray(apiKeys.role, above)));
}

const LAST_OWNER = "A tenant needs at least one owner: make someone else owner first, then change or remove this one.";

export async function listMembers(tenant: ResolvedTenant): Promise<Member[]> {
  const { db } = await getDatabase();
  const rows = await db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, tenant.id))
    .orderBy(asc(users.email));
  return rows.map((row) => ({ ...row, role: row.role as TenantRole, joinedAt: row.joinedAt.toISOString() }));
}

/**
 * Locks the tenant's owner rows and the target's row for the rest of the transaction, so two owners demoting each
 * other at once cannot leave the tenant with none.
 */
async function lockMembership(tx: Database, tenant: ResolvedTenant, userId: string): Promise<{ role: TenantRole; owners: number }> {
  // User ids are UUIDs; anything else in the path names nobody (and PostgreSQL would refuse it as a uuid).
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId)) throw new ApiError("not_found", `User ${userId.slice(0, 40)} is not a member of ${tenant.slug}.`);
  const owners = await tx.execute<{ user_id: string }>(
    sql`select user_id from memberships where tenant_id = ${tenant.id} and role = 'owner' for update`,
  );
  const [target] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenant.id), eq(memberships.userId, userId)))
    .for("update");
  if (!target) throw new ApiError("not_found", `User ${userId} is not a member of ${tenant.slug}.`);
  return { role: target.role as TenantRole, owners: (owners as unknown as { rows: unknown[] }).rows.length };
}

async function toMember(tx: Database, tenant: ResolvedTenant, userId: string): Promise<Member> {
  const [row] = await tx
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenant.id), eq(memberships.userId, userId)));
  return { ...row, role: row.role as TenantRole, joinedAt: row.joinedAt.toISOString() };
}

/** Only owners touch owners (grant, demote); admins manage admins, developers and viewers. */
export async function updateMemberRole(tenant: ResolvedTenant, actorRole: TenantRole, userId: string, role: TenantRole): Promise<Member> {
  const { db } = await getDatabase();
  const member = await db.transaction(async (tx) => {
    const current = await lockMembership(tx, tenant, userId);
    if ((role === "owner" || current.role === "owner") && actorRole !== "owner") throw new ApiError("forbidden", "Only owners can make someone owner or change an owner's role.");
    if (current.role === "owner" && role !== "owner" && current.owners <= 1) throw new ApiError("conflict", LAST_OWNER);
    if (current.role !== role) {
      await tx.update(memberships).set({ role }).where(and(eq(memberships.tenantId, tenant.id), eq(memberships.userId, userId)));
      await revokeKeysAbove(tx, tenant, userId, role);
    }
    return toMember(tx, tenant, userId);
  });
  forgetAccess();
  return member;
}

/** Removes a member, or lets a member leave (`self`). The last owner can do neither. */
export async function removeMember(tenant: ResolvedTenant, actor: { role: TenantRole; self: boolean; mayManage: boolean }, userId: string): Promise<void> {
  if (!actor.self && !actor.mayManage) throw new ApiError("forbidden", `Your role in ${tenant.slug} (${actor.role}) cannot remove members; it needs members:write.`);
  const { db } = await getDatabase();
  await db.transaction(async (tx) => {
    const current = await lockMembership(tx, tenant, userId);
    if (!actor.self && current.role === "owner" && actor.role !== "owner") throw new ApiError("forbidden", "Only owners can remove an owner.");
    if (current.role === "owner" && current.owners <= 1) throw new ApiError("conflict", actor.self ? `You are the last owner of ${tenant.slug}. ${LAST_OWNER}` : LAST_OWNER);
    await tx.delete(memberships).where(and(eq(memberships.tenantId, tenant.id), eq(memberships.userId, userId)));
    await revokeKeysAbove(tx, tenant, userId, null);
  });
  forgetAccess();
}
