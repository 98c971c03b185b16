import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { TwoFactorBackupCodes, TwoFactorEnrolment } from "@/lib/contracts/auth";
import { getDatabase } from "@/lib/server/db/get-database";
import { backupCodes, users } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { verifyPassword } from "./password-hash";
import { openSecret, sealSecret } from "./secret-box";
import { hashToken } from "./secret-token";
import { base32Encode, matchTotp, newTotpSecret, otpauthUri } from "./totp";
import type { UserRow } from "./users";
import { forgetAccess } from "./access-memo";

// TOTP two-factor with one-time backup codes. Backup codes carry 120 random bits, so a SHA-256 hash stores them
// safely (ASVS 6.5.2); each works once.

const BACKUP_CODE_COUNT = 10;

function newBackupCode(): string {
  const text = base32Encode(randomBytes(15)).toLowerCase(); // 24 characters, 120 bits
  return text.match(/.{6}/g)!.join("-");
}

function normalizeBackupCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z2-7]/g, "");
}

/**
 * Checks a second factor for a user with two-factor on: a TOTP code (not replayable within its window) or an
 * unused backup code, which is then spent.
 */
export async function verifySecondFactor(user: UserRow, code: string): Promise<boolean> {
  const { db } = await getDatabase();
  const trimmed = code.trim();
  if (/^\d{6}$/.test(trimmed)) {
    if (!user.totpSecret) return false;
    const step = matchTotp(openSecret(user.totpSecret), trimmed, Date.now(), user.totpLastStep);
    if (step === null) return false;
    await db.update(users).set({ totpLastStep: step }).where(eq(users.id, user.id));
    forgetAccess();
    return true;
  }
  const hash = hashToken(normalizeBackupCode(trimmed));
  const spent = await db
    .update(backupCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(backupCodes.userId, user.id), eq(backupCodes.codeHash, hash), isNull(backupCodes.usedAt)))
    .returning({ id: backupCodes.id });
  return spent.length > 0;
}

async function assertPassword(user: UserRow, password: string): Promise<void> {
  if (!(await verifyPassword(password, user.passwordHash))) throw new ApiError("unauthorized", "The password is wrong.", { reason: "wrong_password" });
}

/** Step 1: a new secret, kept but inactive until confirmed with a code; re-enrolling replaces an unconfirmed one. */
export async function enrolTwoFactor(user: UserRow, password: string): Promise<TwoFactorEnrolment> {
  await assertPassword(user, password);
  if (user.totpEnabledAt) throw new ApiError("conflict", "Two-factor is already on. Turn it off first to enrol a new authenticator.");
  const secret = newTotpSecret();
  const { db } = await getDatabase();
  await db.update(users).set({ totpSecret: sealSecret(secret), totpLastStep: null }).where(eq(users.id, user.id));
  forgetAccess();
  return { secret, otpauthUri: otpauthUri(secret, user.email) };
}

/** Step 2: a code proves the authenticator has the secret; two-factor turns on and backup codes are issued. */
export async function confirmTwoFactor(user: UserRow, code: string): Promise<TwoFactorBackupCodes> {
  if (user.totpEnabledAt) throw new ApiError("conflict", "Two-factor is already on.");
  if (!user.totpSecret) throw new ApiError("conflict", "Start with POST /api/v1/two-factor/enrol to get a secret first.");
  const step = matchTotp(openSecret(user.totpSecret), code, Date.now(), null);
  if (step === null) throw new ApiError("validation_failed", "The request is not valid: body.code: the code does not match; check the authenticator's clock", [{ field: "body.code", message: "the code does not match; check the authenticator's clock" }]);
  const codes = Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode);
  const { db } = await getDatabase();
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpEnabledAt: new Date(), totpLastStep: step }).where(eq(users.id, user.id));
    await tx.delete(backupCodes).where(eq(backupCodes.userId, user.id));
    await tx.insert(backupCodes).values(codes.map((c) => ({ userId: user.id, codeHash: hashToken(normalizeBackupCode(c)) })));
  });
  forgetAccess();
  return { backupCodes: codes };
}

export async function disableTwoFactor(user: UserRow, password: string, code: string): Promise<void> {
  await assertPassword(user, password);
  if (!user.totpEnabledAt) throw new ApiError("conflict", "Two-factor is not on.");
  if (!(await verifySecondFactor(user, code))) throw new ApiError("unauthorized", "The two-factor code is wrong.", { reason: "two_factor_required" });
  const { db } = await getDatabase();
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, user.id));
    await tx.delete(backupCodes).where(eq(backupCodes.userId, user.id));
  });
  forgetAccess();
}
