import { eq } from "drizzle-orm";
import type { ScryptOptions } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as changePassword } from "@/app/api/v1/password/route";
import { DELETE as revokeSession } from "@/app/api/v1/sessions/[id]/route";
import { GET as listSessions } from "@/app/api/v1/sessions/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as confirmTwoFactor } from "@/app/api/v1/two-factor/confirm/route";
import { POST as disableTwoFactor } from "@/app/api/v1/two-factor/disable/route";
import { POST as enrolTwoFactor } from "@/app/api/v1/two-factor/enrol/route";
import { totpCode } from "@/lib/server/auth/totp";
import { sessions, users } from "@/lib/server/db/schema";
import { setAuthRateLimitsForTests } from "@/lib/server/http/rate-limit";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { DELETE as signOut, GET as whoAmI, POST as signIn } from "./route";

// Every scrypt the server runs, by its options: how much work a sign-in spent, counted instead of timed.
const scryptCalls = vi.hoisted(() => [] as (ScryptOptions | undefined)[]);
vi.mock("node:crypto", async (importOriginal) => {
  const crypto = await importOriginal<typeof import("node:crypto")>();
  const scrypt = (...args: unknown[]) => {
    scryptCalls.push(typeof args[3] === "object" ? (args[3] as ScryptOptions) : undefined);
    return (crypto.scrypt as (...a: unknown[]) => void)(...args);
  };
  return { ...crypto, default: { ...crypto, scrypt }, scrypt };
});

let harness: ApiHarness;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  harness = await startApiHarness();
  const created = await call(signup, "POST", "/api/v1/signup", { body: { email: "ada@example.com", password: PASSWORD, name: "Ada", tenantName: "Acme" } });
  expect(created.status).toBe(201);
});
afterAll(async () => harness?.stop());

const signInAs = (email: string, password = PASSWORD, extra: Record<string, unknown> = {}, options: Parameters<typeof call>[3] = {}) =>
  call(signIn, "POST", "/api/v1/session", { body: { email, password, ...extra }, ...options });

describe("sign-in", () => {
  it("opens a new session with a new id every time and ends the one it replaces", async () => {
    const first = await signInAs("ada@example.com");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ user: { email: "ada@example.com" }, platformAdmin: false, tenants: [{ slug: "acme", role: "owner" }] });
    const second = await signInAs("ADA@example.com", PASSWORD, {}, { session: first.sessionToken });
    expect(second.status).toBe(200);
    expect(second.sessionToken).toBeDefined();
    expect(second.sessionToken).not.toBe(first.sessionToken);
    expect(second.body.session.id).not.toBe(first.body.session.id);
    expect((await call(whoAmI, "GET", "/api/v1/session", { session: first.sessionToken })).status).toBe(401);
    const me = await call(whoAmI, "GET", "/api/v1/session", { session: second.sessionToken });
    expect(me.status).toBe(200);
    expect(me.body.session.id).toBe(second.body.session.id);
  });

  it("answers a wrong password and an unknown email with the same 401, after the same scrypt work", async () => {
    // Equal work, not equal wall-clock: both answers cost exactly one scrypt at today's parameters, so an attacker
    // timing them cannot tell which emails have accounts. (Without the dummy hash, an unknown email costs none.)
    await signInAs("nobody@example.com", "warm up the dummy hash");
    const scryptWork = async (email: string) => {
      scryptCalls.length = 0;
      const response = await signInAs(email, "not the password");
      return { response, derivations: scryptCalls.filter((options) => options?.N === 2 ** 14 && options?.r === 8 && options?.p === 5).length };
    };
    const wrong = await scryptWork("ada@example.com");
    const unknown = await scryptWork("nobody@example.com");
    expect(wrong.response.status).toBe(401);
    expect(unknown.response.status).toBe(401);
    expect(unknown.response.body.error).toEqual({ ...wrong.response.body.error, requestId: unknown.response.body.error.requestId });
    expect(wrong.derivations).toBe(1);
    expect(unknown.derivations).toBe(1);
  });

  it("limits attempts per account and per address with 429 and Retry-After", async () => {
    setAuthRateLimitsForTests({ signInPerIp: 1000, signInPerAccount: 3, signUpPerIp: 1000, signUpPerEmail: 1000 });
    try {
      for (let i = 0; i < 3; i++) expect((await signInAs("ada@example.com", "wrong password", {}, { ip: `10.1.0.${i}` })).status).toBe(401);
      const limited = await signInAs("ada@example.com", PASSWORD, {}, { ip: "10.1.0.99" });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(limited.body.error.code).toBe("rate_limited");
      setAuthRateLimitsForTests({ signInPerIp: 2, signInPerAccount: 1000, signUpPerIp: 1000, signUpPerEmail: 1000 });
      expect((await signInAs("x1@example.com", "whatever pw", {}, { ip: "10.2.0.1" })).status).toBe(401);
      expect((await signInAs("x2@example.com", "whatever pw", {}, { ip: "10.2.0.1" })).status).toBe(401);
      expect((await signInAs("x3@example.com", "whatever pw", {}, { ip: "10.2.0.1" })).status).toBe(429);
    } finally {
      setAuthRateLimitsForTests({ signInPerIp: 100_000, signInPerAccount: 100_000, signUpPerIp: 100_000, signUpPerEmail: 100_000 });
    }
  });

  it("limits sign-ups per address", async () => {
    setAuthRateLimitsForTests({ signInPerIp: 1000, signInPerAccount: 1000, signUpPerIp: 1, signUpPerEmail: 1000 });
    try {
      const body = (n: number) => ({ email: `flood${n}@example.com`, password: PASSWORD, name: "F", tenantName: `Flood ${n}` });
      expect((await call(signup, "POST", "/api/v1/signup", { body: body(1), ip: "10.3.0.1" })).status).toBe(201);
      const second = await call(signup, "POST", "/api/v1/signup", { body: body(2), ip: "10.3.0.1" });
      expect(second.status).toBe(429);
      expect(second.headers.get("retry-after")).toMatch(/^\d+$/);
    } finally {
      setAuthRateLimitsForTests({ signInPerIp: 100_000, signInPerAccount: 100_000, signUpPerIp: 100_000, signUpPerEmail: 100_000 });
    }
  });

  it("signs out on the server and clears the cookie", async () => {
    const { sessionToken } = await signInAs("ada@example.com");
    const out = await call(signOut, "DELETE", "/api/v1/session", { session: sessionToken });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(/^apiary_session=; .*Max-Age=0/);
    expect((await call(whoAmI, "GET", "/api/v1/session", { session: sessionToken })).status).toBe(401);
  });

  it("uses the __Host- cookie with Secure outside plain-http localhost", async () => {
    const request = new Request("https://console.example.com/api/v1/session", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://console.example.com", "x-forwarded-for": "10.9.9.9" },
      body: JSON.stringify({ email: "ada@example.com", password: PASSWORD }),
    });
    const response = await signIn(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()[0]).toMatch(/^__Host-apiary_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=\d+$/);
  });
});

describe("session lifetime", () => {
  it("ends a session after the idle timeout and after its absolute lifetime, on the server", async () => {
    const db = harness.database.db;
    const idle = await signInAs("ada@example.com");
    const old = new Date(Date.now() - 61 * 60_000); // the default idle timeout is 60 minutes
    await db.update(sessions).set({ lastSeenAt: old }).where(eq(sessions.id, idle.body.session.id));
    expect((await call(whoAmI, "GET", "/api/v1/session", { session: idle.sessionToken })).status).toBe(401);
    expect(await db.select().from(sessions).where(eq(sessions.id, idle.body.session.id))).toEqual([]);

    const expired = await signInAs("ada@example.com");
    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, expired.body.session.id));
    expect((await call(whoAmI, "GET", "/api/v1/session", { session: expired.sessionToken })).status).toBe(401);

    const fresh = await signInAs("ada@example.com");
    const me = await call(whoAmI, "GET", "/api/v1/session", { session: fresh.sessionToken });
    const lifetimeHours = (Date.parse(me.body.session.expiresAt) - Date.parse(me.body.session.createdAt)) / 3_600_000;
    expect(Math.round(lifetimeHours)).toBe(12);
    expect(Date.parse(me.body.session.idleExpiresAt)).toBeLessThanOrEqual(Date.now() + 60 * 60_000 + 1000);
  });
});

describe("same-origin check", () => {
  it("refuses a cookie-authenticated mutation from a foreign Origin or with none, and accepts the console's own", async () => {
    const { sessionToken } = await signInAs("ada@example.com");
    const foreign = await call(signOut, "DELETE", "/api/v1/session", { session: sessionToken, origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    const none = await call(signOut, "DELETE", "/api/v1/session", { session: sessionToken, origin: null });
    expect(none.status).toBe(403);
    expect((await call(whoAmI, "GET", "/api/v1/session", { session: sessionToken })).status).toBe(200);
    const loginCsrf = await signInAs("ada@example.com", PASSWORD, {}, { origin: "https://evil.example" });
    expect(loginCsrf.status).toBe(403);
  });
});

describe("sessions and password", () => {
  it("lists the caller's sessions, revokes one, and a password change ends all the others", async () => {
    const a = await signInAs("ada@example.com");
    const b = await signInAs("ada@example.com");
    const c = await signInAs("ada@example.com");
    const list = await call(listSessions, "GET", "/api/v1/sessions", { session: a.sessionToken });
    expect(list.status).toBe(200);
    expect(list.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const revoked = await call(revokeSession, "DELETE", `/api/v1/sessions/${b.body.session.id}`, { session: a.sessionToken, params: { id: b.body.session.id } });
    expect(revoked.status).toBe(200);
    expect((await call(whoAmI, "GET", "/api/v1/session", { session: b.sessionToken })).status).toBe(401);

    const wrong = await call(changePassword, "POST", "/api/v1/password", { session: a.sessionToken, body: { currentPassword: "nope nope nope", newPassword: "another good password" } });
    expect(wrong.status).toBe(422);
    const changed = await call(changePassword, "POST", "/api/v1/password", { session: a.sessionToken, body: { currentPassword: PASSWORD, newPassword: "another good password" } });
    expect(changed.status).toBe(200);
    expect(changed.body.endedSessions).toBeGreaterThanOrEqual(1);
    expect((await call(whoAmI, "GET", "/api/v1/session", { session: c.sessionToken })).status).toBe(401);
    expect((await call(whoAmI, "GET", "/api/v1/session", { session: a.sessionToken })).status).toBe(200);
    expect((await signInAs("ada@example.com")).status).toBe(401);
    expect((await signInAs("ada@example.com", "another good password")).status).toBe(200);
    await call(changePassword, "POST", "/api/v1/password", { session: a.sessionToken, body: { currentPassword: "another good password", newPassword: PASSWORD } });
  });
});

describe("two-factor", () => {
  it("enrols with a secret shown once, then sign-in needs a TOTP code or a one-time backup code", async () => {
    const { sessionToken } = await signInAs("ada@example.com");
    const enrol = await call(enrolTwoFactor, "POST", "/api/v1/two-factor/enrol", { session: sessionToken, body: { password: PASSWORD } });
    expect(enrol.status).toBe(200);
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Apiary%3Aada%40example\.com\?secret=[A-Z2-7]+&issuer=Apiary/);
    const secret = enrol.body.secret as string;
    // Kept encrypted at rest: the database row does not hold the secret an authenticator would need.
    const [stored] = await harness.database.db.select({ totpSecret: users.totpSecret }).from(users).where(eq(users.email, "ada@example.com"));
    expect(stored.totpSecret).toMatch(/^v1:/);
    expect(stored.totpSecret).not.toContain(secret);
    const badConfirm = await call(confirmTwoFactor, "POST", "/api/v1/two-factor/confirm", { session: sessionToken, body: { code: "000000" === totpCode(secret) ? "111111" : "000000" } });
    expect(badConfirm.status).toBe(422);
    const confirmed = await call(confirmTwoFactor, "POST", "/api/v1/two-factor/confirm", { session: sessionToken, body: { code: totpCode(secret) } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.backupCodes).toHaveLength(10);

    const withoutCode = await signInAs("ada@example.com");
    expect(withoutCode.status).toBe(401);
    expect(withoutCode.body.error.details).toEqual({ reason: "two_factor_required" });
    // The code that confirmed enrolment was spent; the next time step's code works (one step of drift allowed).
    const next = totpCode(secret, Date.now() + 30_000);
    expect((await signInAs("ada@example.com", PASSWORD, { totp: next })).status).toBe(200);
    expect((await signInAs("ada@example.com", PASSWORD, { totp: next })).status).toBe(401);
    const backup = confirmed.body.backupCodes[0];
    expect((await signInAs("ada@example.com", PASSWORD, { totp: backup.toUpperCase() })).status).toBe(200);
    expect((await signInAs("ada@example.com", PASSWORD, { totp: backup })).status).toBe(401);

    const off = await call(disableTwoFactor, "POST", "/api/v1/two-factor/disable", { session: sessionToken, body: { password: PASSWORD, code: confirmed.body.backupCodes[1] } });
    expect(off.status).toBe(200);
    expect((await signInAs("ada@example.com")).status).toBe(200);
  });
});
