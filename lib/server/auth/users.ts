import "server-only";
import { eq } from "drizzle-orm";
import type { User } from "@/lib/contracts/auth";
import type { Database } from "@/lib/server/db/database";
import { getDatabase } from "@/lib/server/db/get-database";
import { isUniqueViolation } from "@/lib/server/db/is-unique-violation";
import { users } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { hashPassword } from "./password-hash";

export type UserRow = typeof users.$inferSelect;

export function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, createdAt: row.createdAt.toISOString(), twoFactorEnabled: row.totpEnabledAt !== null };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Refuses a password that is the email address (or its local part), whatever the case. */
export function assertPasswordAcceptable(password: string, email: string): void {
  const lowered = password.trim().toLowerCase();
  const normalized = normalizeEmail(email);
  if (lowered === normalized || lowered === normalized.split("@")[0]) {
    throw new ApiError("validation_failed", "The request is not valid: body.password: must not be your email address", [
      { field: "body.password", message: "must not be your email address" },
    ]);
  }
}

export async function findUserByEmail(email: string, tx?: Database): Promise<UserRow | null> {
  const db = tx ?? (await getDatabase()).db;
  const [row] = await db.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  return row ?? null;
}

export async function getUserOrThrow(id: string): Promise<UserRow> {
  const { db } = await getDatabase();
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!row) throw new ApiError("unauthorized", "Your account no longer exists.");
  return row;
}

/** Inserts a user; 409 when the email is taken. The password is hashed before the transaction starts. */
export async function insertUser(tx: Database, input: { email: string; name: string; passwordHash: string; platformAdmin?: boolean }): Promise<UserRow> {
  try {
    const [row] = await tx.transaction((inner) =>
      inner
        .insert(users)
        .values({ email: normalizeEmail(input.email), name: input.name, passwordHash: input.passwordHash, platformAdmin: input.platformAdmin ?? false })
        .returning(),
    );
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError("conflict", "An account with this email already exists. Sign in instead, or reset the password.");
    throw error;
  }
}

export { hashPassword };
