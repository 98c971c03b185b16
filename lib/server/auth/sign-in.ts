import "server-only";
import { eq } from "drizzle-orm";
import { TWO_FACTOR_REQUIRED, type SignInRequest } from "@/lib/contracts/auth";
import { getDatabase } from "@/lib/server/db/get-database";
import { users } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { limitSignIn } from "@/lib/server/http/rate-limit";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "./password-hash";
import { createSession, type NewSession } from "./sessions";
import { verifySecondFactor } from "./two-factor";
import { findUserByEmail, normalizeEmail, type UserRow } from "./users";
import { forgetAccess } from "./access-memo";

const WRONG_CREDENTIALS = "The email or password is wrong.";

/**
 * Checks the credentials and opens a new session. An unknown email costs the same scrypt work as a wrong password
 * and gets the same answer, so neither the message, the status nor the time tells whether an account exists.
 */
export async function signIn(input: SignInRequest, meta: { ip: string; userAgent: string | null }): Promise<{ user: UserRow; session: NewSession }> {
  const email = normalizeEmail(input.email);
  await limitSignIn(meta.ip, email);
  const user = await findUserByEmail(email);
  const passwordOk = user ? await verifyPassword(input.password, user.passwordHash) : await verifyAgainstDummy(input.password);
  if (!user || !passwordOk) throw new ApiError("unauthorized", WRONG_CREDENTIALS);
  if (user.totpEnabledAt) {
    if (!input.totp) throw new ApiError("unauthorized", "Enter the code from your authenticator app (or a backup code).", { reason: TWO_FACTOR_REQUIRED });
    if (!(await verifySecondFactor(user, input.totp))) throw new ApiError("unauthorized", "The two-factor code is wrong or already used.", { reason: TWO_FACTOR_REQUIRED });
  }
  if (needsRehash(user.passwordHash)) {
    const { db } = await getDatabase();
    await db.update(users).set({ passwordHash: await hashPassword(input.password) }).where(eq(users.id, user.id));
    forgetAccess();
  }
  const session = await createSession(user.id, { ip: meta.ip, userAgent: meta.userAgent });
  return { user, session };
}
