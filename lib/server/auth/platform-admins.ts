import "server-only";
import { eq } from "drizzle-orm";
import { getDatabase } from "@/lib/server/db/get-database";
import { users } from "@/lib/server/db/schema";
import { getEnv } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";
import { hashPassword } from "./password-hash";
import { assertPasswordAcceptable, findUserByEmail, insertUser, normalizeEmail } from "./users";
import { forgetAccess } from "./access-memo";

/**
 * Makes a platform admin: a new account, or an existing one promoted (its password is then replaced, since
 * whoever runs this is taking the account over). Answers whether the account was created.
 */
export async function createPlatformAdmin(input: { email: string; password: string; name?: string }): Promise<{ created: boolean; userId: string }> {
  const email = normalizeEmail(input.email);
  if (input.password.length < 10) throw new Error("The password needs at least 10 characters.");
  assertPasswordAcceptable(input.password, email);
  const passwordHash = await hashPassword(input.password);
  const { db } = await getDatabase();
  const existing = await findUserByEmail(email);
  if (existing) {
    await db.update(users).set({ platformAdmin: true, passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, existing.id));
    forgetAccess();
    return { created: false, userId: existing.id };
  }
  const user = await db.transaction((tx) => insertUser(tx, { email, name: input.name ?? "Platform admin", passwordHash, platformAdmin: true }));
  return { created: true, userId: user.id };
}

/** First start: creates APIARY_ADMIN_EMAIL as platform admin when no platform admin exists yet. */
export async function bootstrapPlatformAdmin(): Promise<void> {
  const env = getEnv();
  if (!env.APIARY_ADMIN_EMAIL || !env.APIARY_ADMIN_PASSWORD) return;
  const { db } = await getDatabase();
  const [anyAdmin] = await db.select({ id: users.id }).from(users).where(eq(users.platformAdmin, true)).limit(1);
  if (anyAdmin) return;
  const result = await createPlatformAdmin({ email: env.APIARY_ADMIN_EMAIL, password: env.APIARY_ADMIN_PASSWORD });
  logger().info({ email: env.APIARY_ADMIN_EMAIL, created: result.created }, "platform admin bootstrapped from APIARY_ADMIN_EMAIL");
}
