import "server-only";
import { eq } from "drizzle-orm";
import { getDatabase } from "@/lib/server/db/get-database";
import { users } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { limitSignIn } from "@/lib/server/http/rate-limit";
import { hashPassword, verifyPassword } from "./password-hash";
import { deleteOtherSessions } from "./sessions";
import { assertPasswordAcceptable, type UserRow } from "./users";
import { forgetAccess } from "./access-memo";

/** Changes the password after checking the current one, and ends every other session (ASVS 7.4.3). */
export async function changePassword(user: UserRow, currentSessionId: string, input: { currentPassword: string; newPassword: string }, ip: string): Promise<number> {
  // The current-password check is a password guess like any sign-in, so it shares the sign-in limits.
  await limitSignIn(ip, user.email);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new ApiError("validation_failed", "The request is not valid: body.currentPassword: is wrong", [{ field: "body.currentPassword", message: "is wrong" }]);
  }
  assertPasswordAcceptable(input.newPassword, user.email);
  const passwordHash = await hashPassword(input.newPassword);
  const { db } = await getDatabase();
  const ended = await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, user.id));
    return deleteOtherSessions(user.id, currentSessionId, tx);
  });
  // After the commit: the other sessions are gone for every lookup from now on.
  forgetAccess();
  return ended;
}
