import { z } from "zod";
import { defineOperation } from "./api-operation";
import { Done, EmailAddress, Timestamp } from "./common";
import { TenantDetail, TenantMembership, TenantName } from "./tenants";

// Accounts, sign-in, sessions, password and two-factor. The session lives in an HttpOnly cookie
// (`__Host-apiary_session`, or `apiary_session` on plain-http localhost); these bodies never carry it.

/** At least 10 characters, at most 256; no composition rules (ASVS 6.2.5). Must not be the email address. */
export const Password = z.string().min(10, "at least 10 characters").max(256, "at most 256 characters");

export const PersonName = z.string().trim().min(1, "required").max(100, "at most 100 characters");

/** A 6-digit code from an authenticator app, or one of the backup codes (`xxxxxx-xxxxxx-xxxxxx-xxxxxx`). */
export const TwoFactorCode = z.string().trim().min(6).max(40);

export const User = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    createdAt: Timestamp,
    twoFactorEnabled: z.boolean(),
  })
  .meta({ id: "User" });
export type User = z.infer<typeof User>;

export const SignupRequest = z
  .object({
    email: EmailAddress,
    password: Password,
    name: PersonName,
    /** Name of the new tenant; omit when joining one with `invitationToken`. */
    tenantName: TenantName.optional(),
    /** The token of an invitation link (the part after /invitations/); joins that tenant instead of creating one. */
    invitationToken: z.string().trim().min(10).max(200).optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.tenantName && !value.invitationToken) ctx.addIssue({ code: "custom", path: ["tenantName"], message: "required (or an invitationToken)" });
    if (value.tenantName && value.invitationToken) ctx.addIssue({ code: "custom", path: ["invitationToken"], message: "give either tenantName or invitationToken, not both" });
  })
  .meta({ id: "SignupRequest" });
export type SignupRequest = z.input<typeof SignupRequest>;

export const SignupResponse = z.object({ user: User, tenant: TenantDetail }).meta({ id: "SignupResponse" });
export type SignupResponse = z.infer<typeof SignupResponse>;

export const SignInRequest = z
  .object({
    email: EmailAddress,
    password: z.string().min(1, "required").max(256),
    /** Required when the account has two-factor on: a current TOTP code or an unused backup code. */
    totp: TwoFactorCode.optional(),
  })
  .meta({ id: "SignInRequest" });
export type SignInRequest = z.infer<typeof SignInRequest>;

/**
 * `details.reason` of the 401 answered by POST /api/v1/session when the password was right but a second factor is
 * needed (none sent, or a wrong one); the sign-in form then asks for the code and sends everything again.
 */
export const TWO_FACTOR_REQUIRED = "two_factor_required";

export const CurrentSession = z
  .object({
    id: z.uuid(),
    createdAt: Timestamp,
    /** The session ends at the earlier of these: idle timeout (extended by use) and absolute lifetime. */
    idleExpiresAt: Timestamp,
    expiresAt: Timestamp,
  })
  .meta({ id: "CurrentSession" });

export const WhoAmI = z
  .object({
    user: User,
    tenants: z.array(TenantMembership),
    platformAdmin: z.boolean(),
    session: CurrentSession,
  })
  .meta({ id: "WhoAmI" });
export type WhoAmI = z.infer<typeof WhoAmI>;

export const SessionInfo = z
  .object({
    id: z.uuid(),
    createdAt: Timestamp,
    lastSeenAt: Timestamp,
    expiresAt: Timestamp,
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    /** The session this request came with. */
    current: z.boolean(),
  })
  .meta({ id: "SessionInfo" });
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SessionList = z.object({ items: z.array(SessionInfo) }).meta({ id: "SessionList" });
export type SessionList = z.infer<typeof SessionList>;

export const ChangePasswordRequest = z
  .object({ currentPassword: z.string().min(1, "required").max(256), newPassword: Password })
  .meta({ id: "ChangePasswordRequest" });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const ChangePasswordResponse = z
  .object({ ok: z.literal(true), endedSessions: z.number().int().nonnegative().describe("Other sessions signed out.") })
  .meta({ id: "ChangePasswordResponse" });

export const TwoFactorEnrolRequest = z.object({ password: z.string().min(1, "required").max(256) }).meta({ id: "TwoFactorEnrolRequest" });

export const TwoFactorEnrolment = z
  .object({
    /** Base32 secret, shown once, for typing into an authenticator app. */
    secret: z.string(),
    /** The same as an otpauth:// URI, for a QR code. */
    otpauthUri: z.string(),
  })
  .meta({ id: "TwoFactorEnrolment" });
export type TwoFactorEnrolment = z.infer<typeof TwoFactorEnrolment>;

export const TwoFactorConfirmRequest = z.object({ code: z.string().trim().regex(/^\d{6}$/, "6 digits") }).meta({ id: "TwoFactorConfirmRequest" });

export const TwoFactorBackupCodes = z
  .object({ backupCodes: z.array(z.string()).describe("Ten one-time codes, shown once; each works once in place of a TOTP code.") })
  .meta({ id: "TwoFactorBackupCodes" });
export type TwoFactorBackupCodes = z.infer<typeof TwoFactorBackupCodes>;

export const TwoFactorDisableRequest = z
  .object({ password: z.string().min(1, "required").max(256), code: TwoFactorCode })
  .meta({ id: "TwoFactorDisableRequest" });

export const signupOperation = defineOperation({
  id: "signup",
  method: "POST",
  path: "/api/v1/signup",
  summary: "Create an account and a tenant (or join one by invitation), sign in, and provision the namespace",
  description:
    "Creates the user, the tenant and the owner membership in one transaction, then provisions the tenant's namespace and answers after it exists. When the cluster refuses, the answer is still 201, with the tenant in status `provisioning_failed` (retry with `POST /api/v1/tenants/{tenant}/provision`). Sets the session cookie. Rate limited per IP and per email.",
  tag: "Accounts",
  access: "public",
  body: SignupRequest,
  response: SignupResponse,
  successStatus: 201,
  errors: ["conflict", "not_found", "rate_limited"],
});

export const signInOperation = defineOperation({
  id: "signIn",
  method: "POST",
  path: "/api/v1/session",
  summary: "Sign in with email and password (and a two-factor code when enabled); sets a new session cookie",
  description: `A wrong password and an unknown email get the same 401. With two-factor on and no or a wrong code, the 401 has \`details.reason = "${TWO_FACTOR_REQUIRED}"\`. Rate limited per IP and per account (429 with Retry-After).`,
  tag: "Accounts",
  access: "public",
  body: SignInRequest,
  response: WhoAmI,
  errors: ["unauthorized", "rate_limited"],
});

export const getSessionOperation = defineOperation({
  id: "getSession",
  method: "GET",
  path: "/api/v1/session",
  summary: "Who am I: the signed-in user, their tenants with roles, and whether they are a platform admin",
  tag: "Accounts",
  access: "signed-in",
  response: WhoAmI,
  errors: ["unauthorized"],
});

export const signOutOperation = defineOperation({
  id: "signOut",
  method: "DELETE",
  path: "/api/v1/session",
  summary: "Sign out: end this session on the server and clear the cookie",
  tag: "Accounts",
  access: "public",
  response: Done,
});

export const listSessionsOperation = defineOperation({
  id: "listSessions",
  method: "GET",
  path: "/api/v1/sessions",
  summary: "The caller's active sessions",
  tag: "Accounts",
  access: "signed-in",
  response: SessionList,
  errors: ["unauthorized"],
});

export const revokeSessionOperation = defineOperation({
  id: "revokeSession",
  method: "DELETE",
  path: "/api/v1/sessions/{id}",
  summary: "End one of the caller's sessions",
  tag: "Accounts",
  access: "signed-in",
  response: Done,
  errors: ["unauthorized", "not_found"],
});

export const changePasswordOperation = defineOperation({
  id: "changePassword",
  method: "POST",
  path: "/api/v1/password",
  summary: "Change the caller's password; every other session ends",
  tag: "Accounts",
  access: "signed-in",
  body: ChangePasswordRequest,
  response: ChangePasswordResponse,
  errors: ["unauthorized", "rate_limited"],
});

export const enrolTwoFactorOperation = defineOperation({
  id: "enrolTwoFactor",
  method: "POST",
  path: "/api/v1/two-factor/enrol",
  summary: "Start turning on two-factor: a new TOTP secret, shown once (confirm with a code to turn it on)",
  tag: "Accounts",
  access: "signed-in",
  body: TwoFactorEnrolRequest,
  response: TwoFactorEnrolment,
  errors: ["unauthorized", "conflict"],
});

export const confirmTwoFactorOperation = defineOperation({
  id: "confirmTwoFactor",
  method: "POST",
  path: "/api/v1/two-factor/confirm",
  summary: "Turn two-factor on with a code from the authenticator; answers the backup codes, shown once",
  tag: "Accounts",
  access: "signed-in",
  body: TwoFactorConfirmRequest,
  response: TwoFactorBackupCodes,
  errors: ["unauthorized", "conflict"],
});

export const disableTwoFactorOperation = defineOperation({
  id: "disableTwoFactor",
  method: "POST",
  path: "/api/v1/two-factor/disable",
  summary: "Turn two-factor off (needs the password and a current code or backup code)",
  tag: "Accounts",
  access: "signed-in",
  body: TwoFactorDisableRequest,
  response: Done,
  errors: ["unauthorized", "conflict"],
});
