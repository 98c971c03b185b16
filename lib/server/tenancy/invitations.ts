import "server-only";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { CreatedInvitation, CreateInvitationRequest, Invitation, InvitationPreview } from "@/lib/contracts/members";
import type { TenantRole } from "@/lib/contracts/permissions";
import { hashToken, newSecretToken } from "@/lib/server/auth/secret-token";
import type { Database } from "@/lib/server/db/database";
import { getDatabase } from "@/lib/server/db/get-database";
import { invitations, memberships, tenants, users } from "@/lib/server/db/schema";
import { getEnv } from "@/lib/server/env";
import { ApiError } from "@/lib/server/http/api-error";
import { sendMail } from "@/lib/server/mail/send-mail";
import type { ResolvedTenant, TenantRow } from "./tenants";

type Row = typeof invitations.$inferSelect;

function statusOf(row: Row, now = new Date()): Invitation["status"] {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "pending";
}

function toInvitation(row: Row, invitedBy: string | null): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role as TenantRole,
    status: statusOf(row),
    invitedBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** The page that accepts an invitation: `<console>/invitations/<token>`. */
export function invitationUrl(request: Request, token: string): string {
  const origin = getEnv().APIARY_PUBLIC_URL ? new URL(getEnv().APIARY_PUBLIC_URL!).origin : new URL(request.url).origin;
  return `${origin}/invitations/${token}`;
}

/**
 * Invites an email with a role. Only owners may invite owners. A newer invitation for the same email replaces a
 * pending one, so at most one link per person works.
 */
export async function createInvitation(
  tenant: ResolvedTenant,
  inviter: { userId: string | null; role: TenantRole; email: string | null },
  input: CreateInvitationRequest,
  request: Request,
): Promise<CreatedInvitation> {
  if (input.role === "owner" && inviter.role !== "owner") throw new ApiError("forbidden", "Only owners can invite owners.");
  const { db } = await getDatabase();
  const [member] = await db
    .select({ userId: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenant.id), eq(users.email, input.email)))
    .limit(1);
  if (member) throw new ApiError("conflict", `${input.email} is already a member of ${tenant.slug}.`);
  const token = newSecretToken();
  const expiresAt = new Date(Date.now() + getEnv().APIARY_INVITATION_TTL_DAYS * 86_400_000);
  const row = await db.transaction(async (tx) => {
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.tenantId, tenant.id), eq(invitations.email, input.email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
    const [created] = await tx
      .insert(invitations)
      .values({ tenantId: tenant.id, email: input.email, role: input.role, tokenHash: hashToken(token), invitedBy: inviter.userId, expiresAt })
      .returning();
    return created;
  });
  const url = invitationUrl(request, token);
  // Mailed only when SMTP is configured; the link is always answered too, to copy, whether or not mail went out.
  const mailed = await sendMail({
    to: input.email,
    subject: `You are invited to ${tenant.name} on Apiary`,
    text: [
      `${inviter.email ?? "An administrator"} invited you to join ${tenant.name} on Apiary as ${input.role}.`,
      "",
      `Accept the invitation: ${url}`,
      "",
      `The link works until ${expiresAt.toUTCString()} and only for ${input.email}.`,
      "If you did not expect this, ignore this message.",
    ].join("\n"),
  });
  return { ...toInvitation(row, inviter.email), url, mailed };
}

export async function listInvitations(tenant: ResolvedTenant): Promise<Invitation[]> {
  const { db } = await getDatabase();
  const rows = await db
    .select({ invitation: invitations, invitedBy: users.email })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.tenantId, tenant.id))
    .orderBy(desc(invitations.createdAt))
    .limit(200);
  return rows.map((row) => toInvitation(row.invitation, row.invitedBy));
}

export async function revokeInvitation(tenant: ResolvedTenant, id: string, actorRole: TenantRole): Promise<void> {
  const { db } = await getDatabase();
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.tenantId, tenant.id), eq(invitations.id, id)))
    .limit(1);
  if (!row) throw new ApiError("not_found", `Invitation ${id} not found in tenant ${tenant.slug}`);
  if (row.role === "owner" && actorRole !== "owner") throw new ApiError("forbidden", "Only owners can revoke an invitation to become owner.");
  if (statusOf(row) !== "pending") throw new ApiError("conflict", `The invitation is already ${statusOf(row)}.`);
  await db.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, id));
}

async function findPending(db: Database, token: string): Promise<{ invitation: Row; tenant: TenantRow } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await db
    .select({ invitation: invitations, tenant: tenants })
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())))
    .limit(1);
  if (!row || row.tenant.status === "deleted") return null;
  return row;
}

const NOT_FOUND = "This invitation link is not valid: it may have expired, been revoked or already used. Ask for a new one.";

export async function previewInvitation(token: string): Promise<InvitationPreview> {
  const { db } = await getDatabase();
  const found = await findPending(db, token);
  if (!found) throw new ApiError("not_found", NOT_FOUND);
  const [account] = await db.select({ id: users.id }).from(users).where(eq(users.email, found.invitation.email)).limit(1);
  return {
    tenantName: found.tenant.name,
    tenantSlug: found.tenant.slug,
    email: found.invitation.email,
    role: found.invitation.role as TenantRole,
    expiresAt: found.invitation.expiresAt.toISOString(),
    accountExists: Boolean(account),
  };
}

/**
 * Spends an invitation for a user whose email is the invited one, inside the caller's transaction. Someone already
 * a member keeps their role (the invitation is still spent), so accepting twice is harmless.
 */
export async function acceptInvitationInTransaction(tx: Database, token: string, user: { id: string; email: string }): Promise<{ tenant: TenantRow; role: TenantRole }> {
  const found = await findPending(tx, token);
  if (!found) throw new ApiError("not_found", NOT_FOUND);
  if (found.invitation.email !== user.email) {
    throw new ApiError("forbidden", `This invitation is for ${found.invitation.email}; you are signed in as ${user.email}.`);
  }
  const spent = await tx
    .update(invitations)
    .set({ acceptedAt: new Date(), acceptedBy: user.id })
    .where(and(eq(invitations.id, found.invitation.id), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  if (spent.length === 0) throw new ApiError("not_found", NOT_FOUND);
  const [existing] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.tenantId, found.tenant.id), eq(memberships.userId, user.id)))
    .limit(1);
  if (existing) return { tenant: found.tenant, role: existing.role as TenantRole };
  await tx.insert(memberships).values({ tenantId: found.tenant.id, userId: user.id, role: found.invitation.role });
  return { tenant: found.tenant, role: found.invitation.role as TenantRole };
}
