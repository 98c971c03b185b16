import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as changePassword } from "@/app/api/v1/password/route";
import { DELETE as signOut, GET as whoAmI, POST as signIn } from "@/app/api/v1/session/route";
import { DELETE as revokeSession } from "@/app/api/v1/sessions/[id]/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { DELETE as revokeKey } from "@/app/api/v1/tenants/[tenant]/api-keys/[id]/route";
import { GET as listKeys, POST as createKey } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import { POST as redeem } from "@/app/api/v1/tenants/[tenant]/billing/redeem/route";
import { GET as listInvitations, POST as createInvitation } from "@/app/api/v1/tenants/[tenant]/invitations/route";
import { PATCH as updateMember } from "@/app/api/v1/tenants/[tenant]/members/[userId]/route";
import { GET as listMembers } from "@/app/api/v1/tenants/[tenant]/members/route";
import { GET as listTenants, POST as createTenant } from "@/app/api/v1/tenants/route";
import { POST as enrolTwoFactor } from "@/app/api/v1/two-factor/enrol/route";
import { ApiErrorBody } from "@/lib/contracts/api-error";
import { memberships, sessions, users } from "@/lib/server/db/schema";
import { setAuthRateLimitsForTests } from "@/lib/server/http/rate-limit";
import { findTenantBySlug } from "@/lib/server/tenancy/tenants";
import { call, startApiHarness, type ApiHarness, type CallOptions, type CallResult } from "@/scripts/test-support/api-test-harness";

// The attacks on a signed-in browser and on sign-in itself, end to end through the real route handlers and a real
// PostgreSQL database: cross-site requests riding the session cookie (CSRF), a session id planted before sign-in
// (fixation), sessions and API keys that have ended, and password guessing.

const PASSWORD = "correct horse battery";
let harness: ApiHarness;
let ada = { id: "", session: "" };
let eve = { id: "", session: "" };
const tenant = { tenant: "acme" };

function expectRefused(response: CallResult, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(ApiErrorBody.safeParse(response.body).success).toBe(true);
  expect(response.body.error.code).toBe(code);
}

const signInAs = (email: string, password: string, options: CallOptions = {}) => call(signIn, "POST", "/api/v1/session", { body: { email, password }, ...options });

beforeAll(async () => {
  harness = await startApiHarness({ postgres: true });
  const a = await call(signup, "POST", "/api/v1/signup", { body: { email: "ada@example.com", password: PASSWORD, name: "Ada", tenantName: "Acme" } });
  const e = await call(signup, "POST", "/api/v1/signup", { body: { email: "eve@example.com", password: PASSWORD, name: "Eve", tenantName: "Evil Corp" } });
  expect([a.status, e.status]).toEqual([201, 201]);
  const db = harness.database.db;
  const idOf = async (email: string) => (await db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0].id;
  ada = { id: await idOf("ada@example.com"), session: a.sessionToken! };
  eve = { id: await idOf("eve@example.com"), session: e.sessionToken! };
  // Eve is also a viewer of Acme, so Ada changing her role is a real mutation a forged request could make.
  await db.insert(memberships).values({ tenantId: (await findTenantBySlug("acme"))!.id, userId: eve.id, role: "viewer" });
}, 120_000);

afterAll(async () => harness?.stop());

describe("CSRF: cookie-authenticated mutations from another site", () => {
  /** Mutations a forged form or fetch on another site would aim at Ada's session, with their valid bodies. */
  const mutations = () =>
    [
      ["create an API key", createKey, "POST", "/api/v1/tenants/acme/api-keys", tenant, { name: "stolen", role: "owner" }],
      ["invite a member", createInvitation, "POST", "/api/v1/tenants/acme/invitations", tenant, { email: "mallory@evil.example", role: "owner" }],
      ["promote a member", updateMember, "PATCH", `/api/v1/tenants/acme/members/${eve.id}`, { ...tenant, userId: eve.id }, { role: "owner" }],
      ["create a tenant", createTenant, "POST", "/api/v1/tenants", {}, { name: "Forged Tenant" }],
      ["change the password", changePassword, "POST", "/api/v1/password", {}, { currentPassword: PASSWORD, newPassword: "mallory owns this now" }],
      ["redeem a voucher", redeem, "POST", "/api/v1/tenants/acme/billing/redeem", tenant, { code: "FORGED-CODE" }],
      ["enrol two-factor", enrolTwoFactor, "POST", "/api/v1/two-factor/enrol", {}, { password: PASSWORD }],
      ["sign out", signOut, "DELETE", "/api/v1/session", {}, undefined],
    ] as const;

  async function state() {
    const keys = await call(listKeys, "GET", "/api/v1/tenants/acme/api-keys", { session: ada.session, params: tenant });
    const invitations = await call(listInvitations, "GET", "/api/v1/tenants/acme/invitations", { session: ada.session, params: tenant });
    const members = await call(listMembers, "GET", "/api/v1/tenants/acme/members", { session: ada.session, params: tenant });
    const tenants = await call(listTenants, "GET", "/api/v1/tenants", { session: ada.session });
    const [user] = await harness.database.db.select().from(users).where(eq(users.id, ada.id));
    return { keys: keys.body, invitations: invitations.body, members: members.body, tenants: tenants.body, passwordHash: user.passwordHash, twoFactor: user.totpSecret ?? null };
  }

  it("refuses every one from a foreign Origin, a null Origin, or with no Origin and no Referer, with 403 and nothing changed", async () => {
    const before = await state();
    const attempts: Record<string, CallOptions> = {
      "foreign Origin": { origin: "https://evil.example" },
      "null Origin (sandboxed frame)": { origin: "null" },
      "look-alike Origin": { origin: "http://127.0.0.1:3000.evil.example" },
      "no Origin and no Referer": { origin: null },
      "no Origin, a Referer of the console": { origin: null, headers: { referer: "http://127.0.0.1:3000/acme/settings" } },
    };
    for (const [label, options] of Object.entries(attempts)) {
      for (const [what, handler, method, path, params, body] of mutations()) {
        const response = await call(handler, method, path, { session: ada.session, params, body, ...options, headers: { ...options.headers } });
        expect(response.status, `${what} with ${label}: ${JSON.stringify(response.body)}`).toBe(403);
        expectRefused(response, 403, "forbidden");
      }
    }
    expect(await state()).toEqual(before);
    expect((await call(whoAmI, "GET", "/api/v1/session", { session: ada.session })).status).toBe(200);
  });

  it("lets the same mutation through from the console's own Origin, so the refusal is the Origin and nothing else", async () => {
    const response = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: ada.session, params: tenant, body: { name: "from the console", role: "viewer" } });
    expect(response.status).toBe(201);
  });
});

describe("session fixation", () => {
  it("does not adopt a session id planted before sign-in: the server mints a new one and the planted one stays worthless", async () => {
    const planted = "A".repeat(43);
    const response = await signInAs("ada@example.com", PASSWORD, { headers: { cookie: `apiary_session=${planted}` } });
    expect(response.status).toBe(200);
    expect(response.sessionToken).toBeDefined();
    expect(response.sessionToken).not.toBe(planted);
    expectRefused(await call(whoAmI, "GET", "/api/v1/session", { session: planted }), 401, "unauthorized");
    expect((await call(whoAmI, "GET", "/api/v1/session", { session: response.sessionToken })).body.user.email).toBe("ada@example.com");
  });

  it("does not turn the attacker's own planted session into the victim's when the victim signs in over it", async () => {
    const attacker = await signInAs("eve@example.com", PASSWORD);
    const victim = await signInAs("ada@example.com", PASSWORD, { session: attacker.sessionToken });
    expect(victim.status).toBe(200);
    expect(victim.sessionToken).not.toBe(attacker.sessionToken);
    const planted = await call(whoAmI, "GET", "/api/v1/session", { session: attacker.sessionToken });
    // Signing in over it ends the planted session; it never becomes Ada's.
    expect(planted.status === 401 || planted.body.user.email === "eve@example.com").toBe(true);
    expect(planted.body?.user?.email).not.toBe("ada@example.com");
  });
});

describe("sessions and keys that have ended", () => {
  async function expectSignedOut(session: string, what: string): Promise<void> {
    const read = await call(listKeys, "GET", "/api/v1/tenants/acme/api-keys", { session, params: tenant });
    expect(read.status, `${what}: read`).toBe(401);
    expectRefused(read, 401, "unauthorized");
    const write = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session, params: tenant, body: { name: "late", role: "viewer" } });
    expect(write.status, `${what}: write`).toBe(401);
  }

  it("refuses an expired, an idle, a revoked, a signed-out and a password-changed session with 401 on tenant reads and writes", async () => {
    const db = harness.database.db;
    const expired = await signInAs("ada@example.com", PASSWORD);
    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, expired.body.session.id));
    await expectSignedOut(expired.sessionToken!, "expired");

    const idle = await signInAs("ada@example.com", PASSWORD);
    await db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 24 * 3_600_000) }).where(eq(sessions.id, idle.body.session.id));
    await expectSignedOut(idle.sessionToken!, "idle");

    const current = await signInAs("ada@example.com", PASSWORD);
    const revoked = await signInAs("ada@example.com", PASSWORD);
    expect((await call(revokeSession, "DELETE", `/api/v1/sessions/${revoked.body.session.id}`, { session: current.sessionToken, params: { id: revoked.body.session.id } })).status).toBe(200);
    await expectSignedOut(revoked.sessionToken!, "revoked");

    const signedOut = await signInAs("ada@example.com", PASSWORD);
    expect((await call(signOut, "DELETE", "/api/v1/session", { session: signedOut.sessionToken })).status).toBe(200);
    await expectSignedOut(signedOut.sessionToken!, "signed out");

    const other = await signInAs("ada@example.com", PASSWORD);
    const changed = await call(changePassword, "POST", "/api/v1/password", { session: current.sessionToken, body: { currentPassword: PASSWORD, newPassword: "a brand new passphrase" } });
    expect(changed.status).toBe(200);
    await expectSignedOut(other.sessionToken!, "ended by a password change");
    await call(changePassword, "POST", "/api/v1/password", { session: current.sessionToken, body: { currentPassword: "a brand new passphrase", newPassword: PASSWORD } });
    ada.session = current.sessionToken!;
  });

  it("refuses a revoked and an expired API key with 401 and WWW-Authenticate, and never falls back to a cookie sent alongside", async () => {
    const created = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: ada.session, params: tenant, body: { name: "ci", role: "developer" } });
    expect(created.status).toBe(201);
    expect((await call(listMembers, "GET", "/api/v1/tenants/acme/members", { apiKey: created.body.key, params: tenant })).status).toBe(200);
    expect((await call(revokeKey, "DELETE", `/api/v1/tenants/acme/api-keys/${created.body.id}`, { session: ada.session, params: { ...tenant, id: created.body.id } })).status).toBe(200);
    const revoked = await call(listMembers, "GET", "/api/v1/tenants/acme/members", { apiKey: created.body.key, params: tenant });
    expectRefused(revoked, 401, "unauthorized");
    expect(revoked.headers.get("www-authenticate")).toMatch(/^Bearer/);
    // A browser session riding along does not rescue a dead key: the request is refused, not downgraded to the cookie.
    const withCookie = await call(listMembers, "GET", "/api/v1/tenants/acme/members", { params: tenant, headers: { authorization: `Bearer ${created.body.key}`, cookie: `apiary_session=${ada.session}` } });
    expectRefused(withCookie, 401, "unauthorized");

    const expiring = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: ada.session, params: tenant, body: { name: "short-lived", role: "viewer", expiresInDays: 1 } });
    expect((await call(listMembers, "GET", "/api/v1/tenants/acme/members", { apiKey: expiring.body.key, params: tenant })).status).toBe(200);
    // Two days on, the one-day key has expired (only the clock moves: the key row is untouched).
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 2 * 24 * 3_600_000);
      expectRefused(await call(listMembers, "GET", "/api/v1/tenants/acme/members", { apiKey: expiring.body.key, params: tenant }), 401, "unauthorized");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("brute force against sign-in", () => {
  afterAll(() => setAuthRateLimitsForTests({ signInPerIp: 100_000, signInPerAccount: 100_000, signUpPerIp: 100_000, signUpPerEmail: 100_000 }));

  it("answers 429 with Retry-After once an account's guesses reach the limit, even for the right password from a fresh address", async () => {
    setAuthRateLimitsForTests({ signInPerIp: 1000, signInPerAccount: 5, signUpPerIp: 1000, signUpPerEmail: 1000 });
    for (let i = 0; i < 5; i++) expect((await signInAs("ada@example.com", `guess number ${i}`, { ip: `10.40.0.${i}` })).status).toBe(401);
    const limited = await signInAs("ada@example.com", PASSWORD, { ip: "10.40.1.1" });
    expectRefused(limited, 429, "rate_limited");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(limited.body.error.details).toEqual({ retryAfterSeconds: retryAfter });
  });

  it("keeps counting per address when the attacker rewrites X-Forwarded-For or X-Real-IP on every guess", async () => {
    setAuthRateLimitsForTests({ signInPerIp: 4, signInPerAccount: 1000, signUpPerIp: 1000, signUpPerEmail: 1000 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      // The last X-Forwarded-For entry is the one the server (Next, or the trusted proxy) appended: the real address.
      const response = await call(signIn, "POST", "/api/v1/session", {
        body: { email: `sprayed${i}@example.com`, password: "spray spray" },
        headers: { "x-forwarded-for": `198.51.100.${i}, 10.50.0.1`, "x-real-ip": `203.0.113.${i}` },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });
});
