import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { DELETE as removeMember, PATCH as updateMember } from "@/app/api/v1/tenants/[tenant]/members/[userId]/route";
import { POST as inviteMember } from "@/app/api/v1/tenants/[tenant]/members/route";
import { GET as getTenant } from "@/app/api/v1/tenants/[tenant]/route";
import { GET as listTenants } from "@/app/api/v1/tenants/route";
import { GET as whoAmI } from "@/app/api/v1/session/route";
import { apiKeys } from "@/lib/server/db/schema";
import { hashToken } from "@/lib/server/auth/secret-token";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { DELETE as revokeKey } from "./[id]/route";
import { GET as listKeys, POST as createKey } from "./route";

let harness: ApiHarness;
let owner: string;
const params = (extra: Record<string, string> = {}) => ({ tenant: "acme", ...extra });

beforeAll(async () => {
  harness = await startApiHarness();
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
});
afterAll(async () => harness?.stop());

describe("API keys", () => {
  it("shows the key once, stores only its SHA-256, and lists prefix, name, role and dates", async () => {
    const created = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: owner, params: params(), body: { name: "CI", role: "developer", expiresInDays: 30 } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^apk_[A-Za-z0-9_-]{43}$/);
    expect(created.body.prefix).toBe(created.body.key.slice(0, 12));
    const [row] = await harness.database.db.select().from(apiKeys).where(eq(apiKeys.id, created.body.id));
    expect(row.keyHash).toBe(hashToken(created.body.key));
    expect(JSON.stringify(row)).not.toContain(created.body.key);

    const list = await call(listKeys, "GET", "/api/v1/tenants/acme/api-keys", { session: owner, params: params() });
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: created.body.id, name: "CI", role: "developer", prefix: created.body.prefix, createdBy: "owner@example.com", lastUsedAt: null }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect(new Date(list.body.items[0].expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
  });

  it("works as a Bearer token with its role's rights, records its last use, and skips the Origin check", async () => {
    const { body } = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: owner, params: params(), body: { name: "viewer bot", role: "viewer" } });
    const asKey = { apiKey: body.key, origin: "https://ci.example.com" };
    const tenant = await call(getTenant, "GET", "/api/v1/tenants/acme", { ...asKey, params: params() });
    expect(tenant.status).toBe(200);
    expect(tenant.body.role).toBe("viewer");
    const tenants = await call(listTenants, "GET", "/api/v1/tenants", asKey);
    expect(tenants.body.items.map((t: { slug: string }) => t.slug)).toEqual(["acme"]);
    const write = await call(inviteMember, "POST", "/api/v1/tenants/acme/members", { ...asKey, params: params(), body: { email: "x@example.com", role: "viewer" } });
    expect(write.status).toBe(403);
    // A key is not a person: account routes refuse it.
    expect((await call(whoAmI, "GET", "/api/v1/session", asKey)).status).toBe(403);
    const [row] = await harness.database.db.select().from(apiKeys).where(eq(apiKeys.id, body.id));
    expect(row.lastUsedAt).not.toBeNull();
  });

  it("cannot be stronger than its creator", async () => {
    const { body } = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: owner, params: params(), body: { name: "dev bot", role: "developer" } });
    const escalate = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { apiKey: body.key, params: params(), body: { name: "admin bot", role: "admin" } });
    expect(escalate.status).toBe(403);
    expect(escalate.body.error.message).toMatch(/stronger role than its creator/);
    // A key-authenticated change from another origin (a CI runner's browser tool) is not CSRF: no cookie rides along.
    const same = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { apiKey: body.key, origin: "https://ci.example.com", params: params(), body: { name: "dev bot 2", role: "developer" } });
    expect(same.status).toBe(201);
  });

  it("stops working once revoked, and an unknown key is 401", async () => {
    const { body } = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: owner, params: params(), body: { name: "short lived", role: "viewer" } });
    expect((await call(revokeKey, "DELETE", `/api/v1/tenants/acme/api-keys/${body.id}`, { session: owner, params: params({ id: body.id }) })).status).toBe(200);
    const after = await call(getTenant, "GET", "/api/v1/tenants/acme", { apiKey: body.key, params: params() });
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await call(getTenant, "GET", "/api/v1/tenants/acme", { apiKey: "apk_nope", params: params() })).status).toBe(401);
  });

  it("of a member who is demoted are cut down to the new role, and all of theirs stop when they are removed", async () => {
    const invited = await call(inviteMember, "POST", "/api/v1/tenants/acme/members", { session: owner, params: params(), body: { email: "ada@example.com", role: "admin" } });
    const invitationToken = invited.body.url.split("/invitations/")[1];
    const joined = await call(signup, "POST", "/api/v1/signup", { body: { email: "ada@example.com", password: "correct horse battery", name: "Ada", invitationToken } });
    expect(joined.status).toBe(201);
    const ada = joined.sessionToken!;
    const adaId = joined.body.user.id;
    const adminKey = (await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: ada, params: params(), body: { name: "ada admin", role: "admin" } })).body.key;
    const viewerKey = (await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: ada, params: params(), body: { name: "ada viewer", role: "viewer" } })).body.key;
    const works = async (key: string) => (await call(getTenant, "GET", "/api/v1/tenants/acme", { apiKey: key, params: params() })).status;
    expect([await works(adminKey), await works(viewerKey)]).toEqual([200, 200]);

    expect((await call(updateMember, "PATCH", `/api/v1/tenants/acme/members/${adaId}`, { session: owner, params: params({ userId: adaId }), body: { role: "developer" } })).status).toBe(200);
    expect([await works(adminKey), await works(viewerKey)]).toEqual([401, 200]);

    expect((await call(removeMember, "DELETE", `/api/v1/tenants/acme/members/${adaId}`, { session: owner, params: params({ userId: adaId }) })).status).toBe(200);
    expect(await works(viewerKey)).toBe(401);
  });
});
