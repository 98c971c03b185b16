import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as createKey } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import { repositories } from "@/lib/server/db/schema";
import { findTenantBySlug } from "@/lib/server/tenancy/tenants";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { GET as list } from "../../route";
import { DELETE as unstar, PUT as star } from "./route";

let harness: ApiHarness;
let owner: string;
let outsider: string;

beforeAll(async () => {
  harness = await startApiHarness();
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  outsider = (await call(signup, "POST", "/api/v1/signup", { body: { email: "out@example.com", password: "correct horse battery", name: "X", tenantName: "Globex" } })).sessionToken!;
  const tenant = (await findTenantBySlug("acme"))!;
  await harness.database.db.insert(repositories).values([
    { tenantId: tenant.id, name: "api", public: true },
    { tenantId: tenant.id, name: "web" },
  ]);
});
afterAll(async () => harness?.stop());

const at = (repo: string) => ({ params: { tenant: "acme", repo } });
const listed = async (query = "") => (await call(list, "GET", `/api/v1/tenants/acme/repositories${query}`, { session: owner, params: { tenant: "acme" } })).body.items;

describe("repository stars", () => {
  it("a member stars a repository once, however often they ask, and sees it starred with its count", async () => {
    expect((await call(star, "PUT", "/api/v1/tenants/acme/repositories/web/star", { session: owner, ...at("web") })).body).toEqual({ starred: true, starCount: 1 });
    expect((await call(star, "PUT", "/api/v1/tenants/acme/repositories/web/star", { session: owner, ...at("web") })).body).toEqual({ starred: true, starCount: 1 });
    expect(await listed()).toEqual([
      expect.objectContaining({ name: "api", starCount: 0, starred: false }),
      expect.objectContaining({ name: "web", starCount: 1, starred: true }),
    ]);
    expect((await listed("?sort=stars")).map((r: { name: string }) => r.name)).toEqual(["web", "api"]);
  });

  it("unstarring removes the star, and unstarring again is harmless", async () => {
    expect((await call(unstar, "DELETE", "/api/v1/tenants/acme/repositories/web/star", { session: owner, ...at("web") })).body).toEqual({ starred: false, starCount: 0 });
    expect((await call(unstar, "DELETE", "/api/v1/tenants/acme/repositories/web/star", { session: owner, ...at("web") })).body).toEqual({ starred: false, starCount: 0 });
  });

  it("refuses API keys (stars are a person's), outsiders and unknown repositories", async () => {
    const key = (await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: owner, params: { tenant: "acme" }, body: { name: "ci", role: "developer" } })).body.key;
    expect((await call(star, "PUT", "/api/v1/tenants/acme/repositories/web/star", { apiKey: key, origin: null, ...at("web") })).status).toBe(403);
    // Even a public repository is starred by outsiders through the catalogue, not through a tenant they are not in.
    expect((await call(star, "PUT", "/api/v1/tenants/acme/repositories/api/star", { session: outsider, ...at("api") })).status).toBe(404);
    expect((await call(star, "PUT", "/api/v1/tenants/acme/repositories/nope/star", { session: owner, ...at("nope") })).status).toBe(404);
  });
});
