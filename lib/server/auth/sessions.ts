import "server-only";
import { and, desc, eq, gt, lt, ne, or } from "drizzle-orm";
import type { SessionInfo } from "@/lib/contracts/auth";
import type { Database } from "@/lib/server/db/database";
import { getDatabase } from "@/lib/server/db/get-database";
import { sessions, users } from "@/lib/server/db/schema";
import { getEnv } from "@/lib/server/env";
import { accessMemo, forgetAccess } from "./access-memo";
import { hashToken, newSecretToken } from "./secret-token";

// Server-side sessions (ASVS V7): the cookie holds a 256-bit random token, the database only its hash. A session
// ends at its absolute lifetime (APIARY_SESSION_TTL_HOURS) or after APIARY_SESSION_IDLE_MINUTES without use,
// whichever comes first; sign-out, revocation and a password change delete it on the server.

/** lastSeenAt is written at most this often, so every request does not cost a write. */
const TOUCH_INTERVAL_MS = 60_000;

export function sessionLifetimeMs(): { absoluteMs: number; idleMs: number } {
  const env = getEnv();
  return { absoluteMs: env.APIARY_SESSION_TTL_HOURS * 3_600_000, idleMs: env.APIARY_SESSION_IDLE_MINUTES * 60_000 };
}

export interface NewSession {
  token: string;
  id: string;
  expiresAt: Date;
}

/** A new session with a new id: called at every sign-in, so an id planted before sign-in is useless (fixation). */
export async function createSession(userId: string, meta: { ip: string | null; userAgent: string | null }, tx?: Database): Promise<NewSession> {
  const db = tx ?? (await getDatabase()).db;
  const token = newSecretToken();
  const expiresAt = new Date(Date.now() + sessionLifetimeMs().absoluteMs);
  const [row] = await db
    .insert(sessions)
    .values({ tokenHash: hashToken(token), userId, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) ?? null })
    .returning({ id: sessions.id });
  return { token, id: row.id, expiresAt };
}

export interface ResolvedSession {
  session: typeof sessions.$inferSelect;
  user: typeof users.$inferSelect;
  idleExpiresAt: Date;
}

/** The live session of a cookie token, touching its last use; null (and the row deleted) when it has ended. */
const sessionMemo = accessMemo<{ session: typeof sessions.$inferSelect; user: typeof users.$inferSelect }>();

export async function resolveSessionToken(token: string): Promise<ResolvedSession | null> {
  const { db } = await getDatabase();
  const tokenHash = hashToken(token);
  const found = await sessionMemo.remember(tokenHash, async () => {
    const [match] = await db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, tokenHash))
      .limit(1);
    return match ?? null;
  });
  if (!found) return null;
  // A copy: the remembered row is shared by concurrent requests; only lastSeenAt is written back to it.
  const row = { session: { ...found.session }, user: found.user };
  const now = Date.now();
  const { idleMs } = sessionLifetimeMs();
  if (row.session.expiresAt.getTime() <= now || row.session.lastSeenAt.getTime() + idleMs <= now) {
    await db.delete(sessions).where(eq(sessions.id, row.session.id));
    forgetAccess();
    return null;
  }
  if (now - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    const lastSeenAt = new Date(now);
    found.session.lastSeenAt = lastSeenAt;
    await db.update(sessions).set({ lastSeenAt }).where(eq(sessions.id, row.session.id));
    row.session.lastSeenAt = lastSeenAt;
  }
  const idleExpiresAt = new Date(Math.min(row.session.lastSeenAt.getTime() + idleMs, row.session.expiresAt.getTime()));
  return { ...row, idleExpiresAt };
}

export async function deleteSessionByToken(token: string): Promise<string | null> {
  const { db } = await getDatabase();
  const [row] = await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token))).returning({ id: sessions.id });
  forgetAccess();
  return row?.id ?? null;
}

/** Deletes one of a user's sessions; false when the user has no such session. */
export async function deleteUserSession(userId: string, sessionId: string): Promise<boolean> {
  const { db } = await getDatabase();
  const rows = await db.delete(sessions).where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId))).returning({ id: sessions.id });
  forgetAccess();
  return rows.length > 0;
}

/** Ends every session of a user except `keepSessionId` (after a password change); answers how many ended. */
export async function deleteOtherSessions(userId: string, keepSessionId: string | null, tx?: Database): Promise<number> {
  const db = tx ?? (await getDatabase()).db;
  const rows = await db
    .delete(sessions)
    .where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  // Inside a caller's transaction this is early; the caller forgets again after committing.
  forgetAccess();
  return rows.length;
}

export async function listUserSessions(userId: string, currentSessionId: string): Promise<SessionInfo[]> {
  const { db } = await getDatabase();
  const now = new Date();
  const idleCutoff = new Date(now.getTime() - sessionLifetimeMs().idleMs);
  // Ended sessions are cleaned up here as a side effect, so the list shows only live ones.
  await db.delete(sessions).where(and(eq(sessions.userId, userId), or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleCutoff))));
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt));
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    ip: row.ip,
    userAgent: row.userAgent,
    current: row.id === currentSessionId,
  }));
}
