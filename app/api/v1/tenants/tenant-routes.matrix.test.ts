import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as revokeApiKeyRoute } from "@/app/api/v1/tenants/[tenant]/api-keys/[id]/route";
import { GET as listApiKeys, POST as createApiKeyRoute } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import { GET as listAudit } from "@/app/api/v1/tenants/[tenant]/audit/route";
import { DELETE as revokeInvitationRoute } from "@/app/api/v1/tenants/[tenant]/invitations/[id]/route";
import { GET as listInvitations, POST as createInvitationRoute } from "@/app/api/v1/tenants/[tenant]/invitations/route";
import { DELETE as removeMemberRoute, PATCH as updateMemberRoute } from "@/app/api/v1/tenants/[tenant]/members/[userId]/route";
import { GET as listMembers, POST as inviteMember } from "@/app/api/v1/tenants/[tenant]/members/route";
import { POST as provision } from "@/app/api/v1/tenants/[tenant]/provision/route";
import { POST as rotateRegistryCredentialsRoute } from "@/app/api/v1/tenants/[tenant]/registry-credentials/rotate/route";
import { GET as getTenant } from "@/app/api/v1/tenants/[tenant]/route";
import { GET as getBalance } from "@/app/api/v1/tenants/[tenant]/billing/balance/route";
import { GET as listInvoices } from "@/app/api/v1/tenants/[tenant]/billing/invoices/route";
import { GET as getPrices } from "@/app/api/v1/tenants/[tenant]/billing/prices/route";
import { GET as listTransactions } from "@/app/api/v1/tenants/[tenant]/billing/transactions/route";
import { GET as getBillingUsage } from "@/app/api/v1/tenants/[tenant]/billing/usage/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import type { TenantRole } from "@/lib/contracts/permissions";
import { memberships } from "@/lib/server/db/schema";
import { createApiKey } from "@/lib/server/tenancy/api-keys";
import { createInvitation } from "@/lib/server/tenancy/invitations";
import { findTenantBySlug, toResolvedTenant, type ResolvedTenant } from "@/lib/server/tenancy/tenants";
import { call, ORIGIN, startApiHarness, type ApiHarness, type CallOptions } from "@/scripts/test-support/api-test-harness";

// Every tenant route of issue 4 (and the pull-credential rotation of issue 5), called as each role of tenant A (by session and by API key), as a member of
// tenant B only, and anonymously. B's member gets 404 on every A resource (existence does not leak); each role
// gets exactly the rights written below — written out here, not derived from the server's table, so a wrong
// entry in that table fails this test.

const ROLES: TenantRole[] = ["owner", "admin", "developer", "viewer"];
const PASSWORD = "correct horse battery";

let harness: ApiHarness;
let tenantA: ResolvedTenant;
const sessions: Record<string, string> = {};
const apiKeys: Record<string, string> = {};
let targetUserId = "";
let counter = 0;

type Handler = Parameters<typeof call>[0];
interface Case {
  name: string;
  allowed: TenantRole[];
  /** Builds the request; may create what it acts on first (a fresh invitation or key to revoke). */
  request(): Promise<{ handler: Handler; method: string; path: string; params: Record<string, string>; body?: unknown }>;
}

const ensureTargetIsMember = () =>
  harness.database.db.insert(memberships).values({ tenantId: tenantA.id, userId: targetUserId, role: "viewer" }).onConflictDoNothing();
const base = (sub = "") => `/api/v1/tenants/alpha${sub}`;
const ALL = ROLES;
const MANAGERS: TenantRole[] = ["owner", "admin"];
const BUILDERS: TenantRole[] = ["owner", "admin", "developer"];

const cases: Case[] = [
  { name: "GET tenant", allowed: ALL, request: async () => ({ handler: getTenant, method: "GET", path: base(), params: { tenant: "alpha" } }) },
  { name: "POST provision", allowed: MANAGERS, request: async () => ({ handler: provision, method: "POST", path: base("/provision"), params: { tenant: "alpha" } }) },
  {
    name: "POST registry-credentials/rotate",
    allowed: MANAGERS,
    request: async () => ({ handler: rotateRegistryCredentialsRoute, method: "POST", path: base("/registry-credentials/rotate"), params: { tenant: "alpha" } }),
  },
  { name: "GET members", allowed: ALL, request: async () => ({ handler: listMembers, method: "GET", path: base("/members"), params: { tenant: "alpha" } }) },
  {
    name: "POST members (invite)",
    allowed: MANAGERS,
    request: async () => ({ handler: inviteMember, method: "POST", path: base("/members"), params: { tenant: "alpha" }, body: { email: `invitee${++counter}@example.com`, role: "viewer" } }),
  },
  {
    name: "PATCH member",
    allowed: MANAGERS,
    request: async () => {
      await ensureTargetIsMember();
      return { handler: updateMemberRoute, method: "PATCH", path: base(`/members/${targetUserId}`), params: { tenant: "alpha", userId: targetUserId }, body: { role: "viewer" } };
    },
  },
  {
    name: "DELETE member",
    allowed: MANAGERS,
    request: async () => {
      await ensureTargetIsMember();
      return { handler: removeMemberRoute, method: "DELETE", path: base(`/members/${targetUserId}`), params: { tenant: "alpha", userId: targetUserId } };
    },
  },
  { name: "GET invitations", allowed: ALL, request: async () => ({ handler: listInvitations, method: "GET", path: base("/invitations"), params: { tenant: "alpha" } }) },
  {
    name: "POST invitations",
    allowed: MANAGERS,
    request: async () => ({ handler: createInvitationRoute, method: "POST", path: base("/invitations"), params: { tenant: "alpha" }, body: { email: `invitee${++counter}@example.com`, role: "developer" } }),
  },
  {
    name: "DELETE invitation",
    allowed: MANAGERS,
    request: async () => {
      const invitation = await createInvitation(tenantA, { userId: null, email: null, role: "owner" }, { email: `pending${++counter}@example.com`, role: "viewer" }, new Request(ORIGIN));
      return { handler: revokeInvitationRoute, method: "DELETE", path: base(`/invitations/${invitation.id}`), params: { tenant: "alpha", id: invitation.id } };
    },
  },
  { name: "GET api-keys", allowed: BUILDERS, request: async () => ({ handler: listApiKeys, method: "GET", path: base("/api-keys"), params: { tenant: "alpha" } }) },
  {
    name: "POST api-keys",
    allowed: BUILDERS,
    request: async () => ({ handler: createApiKeyRoute, method: "POST", path: base("/api-keys"), params: { tenant: "alpha" }, body: { name: `ci ${++counter}`, role: "viewer" } }),
  },
  {
    name: "DELETE api-key",
    allowed: BUILDERS,
    request: async () => {
      const key = await createApiKey(tenantA, { userId: null, email: null, role: "owner" }, { name: `victim ${++counter}`, role: "viewer" });
      return { handler: revokeApiKeyRoute, method: "DELETE", path: base(`/api-keys/${key.id}`), params: { tenant: "alpha", id: key.id } };
    },
  },
  { name: "GET audit", allowed: MANAGERS, request: async () => ({ handler: listAudit, method: "GET", path: base("/audit"), params: { tenant: "alpha" } }) },
  // Billing reads (issue 8): every member sees the tenant's money; another tenant's member sees nothing.
  { name: "GET billing/balance", allowed: ALL, request: async () => ({ handler: getBalance, method: "GET", path: base("/billing/balance"), params: { tenant: "alpha" } }) },
  { name: "GET billing/transactions", allowed: ALL, request: async () => ({ handler: listTransactions, method: "GET", path: base("/billing/transactions"), params: { tenant: "alpha" } }) },
  { name: "GET billing/usage", allowed: ALL, request: async () => ({ handler: getBillingUsage, method: "GET", path: base("/billing/usage"), params: { tenant: "alpha" } }) },
  { name: "GET billing/invoices", allowed: ALL, request: async () => ({ handler: listInvoices, method: "GET", path: base("/billing/invoices"), params: { tenant: "alpha" } }) },
  { name: "GET billing/prices", allowed: ALL, request: async () => ({ handler: getPrices, method: "GET", path: base("/billing/prices"), params: { tenant: "alpha" } }) },
];

async function signUpUser(email: string, tenantName: string) {
  const response = await call(signup, "POST", "/api/v1/signup", { body: { email, password: PASSWORD, name: email.split("@")[0], tenantName } });
  expect(response.status).toBe(201);
  return { token: response.sessionToken!, userId: response.body.user.id as string };
}

beforeAll(async () => {
  harness = await startApiHarness();
  const owner = await signUpUser("owner@example.com", "Alpha");
  sessions.owner = owner.token;
  tenantA = toResolvedTenant((await findTenantBySlug("alpha"))!);
  for (const role of ["admin", "developer", "viewer"] as TenantRole[]) {
    const user = await signUpUser(`${role}@example.com`, `${role} own`);
    await harness.database.db.insert(memberships).values({ tenantId: tenantA.id, userId: user.userId, role });
    sessions[role] = user.token;
  }
  sessions.outsider = (await signUpUser("outsider@example.com", "Bravo")).token;
  targetUserId = (await signUpUser("target@example.com", "Target own")).userId;
  for (const role of ROLES) apiKeys[role] = (await createApiKey(tenantA, { userId: null, email: null, role: "owner" }, { name: `${role} key`, role })).key;
  const bravo = toResolvedTenant((await findTenantBySlug("bravo"))!);
  apiKeys.outsider = (await createApiKey(bravo, { userId: null, email: null, role: "owner" }, { name: "bravo owner key", role: "owner" })).key;
});
afterAll(async () => harness?.stop());

async function run(testCase: Case, credentials: CallOptions) {
  const request = await testCase.request();
  return call(request.handler, request.method, request.path, { ...credentials, params: request.params, body: request.body });
}

describe.each(["session", "API key"] as const)("tenant routes of issue 4 by %s", (via) => {
  const as = (who: string): CallOptions => (via === "session" ? { session: sessions[who] } : { apiKey: apiKeys[who], origin: null });

  it.each(cases.map((c) => [c.name, c] as const))("%s: each role gets exactly its rights", async (_name, testCase) => {
    for (const role of ROLES) {
      const response = await run(testCase, as(role));
      const expected = testCase.allowed.includes(role) ? [200, 201] : [403];
      expect({ role, status: response.status, body: response.body }).toMatchObject({ role, status: expect.toBeOneOf(expected) });
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s: a member of tenant B only gets 404, the same as for no tenant at all", async (_name, testCase) => {
    const response = await run(testCase, as("outsider"));
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe("Tenant alpha not found.");
  });
});

describe("tenant routes of issue 4 without credentials", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s: 401", async (_name, testCase) => {
    const response = await run(testCase, {});
    expect(response.status).toBe(401);
  });
});
