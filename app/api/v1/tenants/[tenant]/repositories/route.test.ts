import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as createKey } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import { repositories } from "@/lib/server/db/schema";
import { findTenantBySlug } from "@/lib/server/tenancy/tenants";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { PATCH as updateRepository } from "./[repo]/route";
import { DELETE as deleteTag } from "./[repo]/tags/[tag]/route";
import { GET as listTags } from "./[repo]/tags/route";
import { GET as list, POST as create } from "./route";

let harness: ApiHarness;
let owner: string;
let outsider: string;
const params = { tenant: "acme" };

beforeAll(async () => {
  harness = await startApiHarness();
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  outsider = (await call(signup, "POST", "/api/v1/signup", { body: { email: "out@example.com", password: "correct horse battery", name: "X", tenantName: "Globex" } })).sessionToken!;
  const tenant = (await findTenantBySlug("acme"))!;
  // Repositories as the registry's events would have left them.
  await harness.database.db.insert(repositories).values([
    { tenantId: tenant.id, name: "api", pullCount: 5, lastPushedAt: new Date("2026-11-20T00:00:00Z") },
    { tenantId: tenant.id, name: "web", pullCount: 50, lastPushedAt: new Date("2026-11-10T00:00:00Z") },
    { tenantId: tenant.id, name: "worker", pullCount: 0, lastPushedAt: new Date("2026-11-24T00:00:00Z") },
  ]);
});
afterAll(async () => harness?.stop());

const names = (body: { items: { name: string }[] }) => body.items.map((r) => r.name);

describe("repositories", () => {
  it("lists from the database, searched by name and sorted by name, last push or pulls", async () => {
    const get = (query: string) => call(list, "GET", `/api/v1/tenants/acme/repositories${query}`, { session: owner, params });
    expect(names((await get("")).body)).toEqual(["api", "web", "worker"]);
    expect(names((await get("?sort=last_push")).body)).toEqual(["worker", "api", "web"]);
    expect(names((await get("?sort=pulls")).body)).toEqual(["web", "api", "worker"]);
    expect(names((await get("?q=W")).body)).toEqual(["web", "worker"]);
    expect(names((await get("?q=%25")).body)).toEqual([]);
    const first = (await get("?limit=2")).body;
    expect(first).toMatchObject({ total: 3, nextCursor: "2" });
    const second = (await get(`?limit=2&cursor=${first.nextCursor}`)).body;
    expect(names(second)).toEqual(["worker"]);
    expect(second.nextCursor).toBeNull();
    expect((await get("?sort=size")).status).toBe(422);
  });

  it("creates a private repository by default, refuses a duplicate or a bad name, and lets a viewer only read", async () => {
    const created = await call(create, "POST", "/api/v1/tenants/acme/repositories", { session: owner, params, body: { name: "new-app", description: "# New" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "new-app", fullName: "acme/new-app", public: false, description: "# New", tagCount: 0, pullCount: 0, lastPushedAt: null });
    expect((await call(create, "POST", "/api/v1/tenants/acme/repositories", { session: owner, params, body: { name: "new-app" } })).status).toBe(409);
    expect((await call(create, "POST", "/api/v1/tenants/acme/repositories", { session: owner, params, body: { name: "Bad/Name" } })).status).toBe(422);
    const viewer = (await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: owner, params, body: { name: "v", role: "viewer" } })).body.key;
    expect((await call(list, "GET", "/api/v1/tenants/acme/repositories", { apiKey: viewer, params })).status).toBe(200);
    expect((await call(create, "POST", "/api/v1/tenants/acme/repositories", { apiKey: viewer, params, body: { name: "nope" } })).status).toBe(403);
    expect((await call(deleteTag, "DELETE", "/api/v1/tenants/acme/repositories/web/tags/v1", { apiKey: viewer, params: { ...params, repo: "web", tag: "v1" } })).status).toBe(403);
  });

  it("hides the tenant's repositories from outsiders (404)", async () => {
    expect((await call(list, "GET", "/api/v1/tenants/acme/repositories", { session: outsider, params })).status).toBe(404);
    expect((await call(listTags, "GET", "/api/v1/tenants/acme/repositories/web/tags", { session: outsider, params: { ...params, repo: "web" } })).status).toBe(404);
  });

  it("makes a repository public and changes its description; unknown repositories and tags are 404", async () => {
    const patched = await call(updateRepository, "PATCH", "/api/v1/tenants/acme/repositories/web", { session: owner, params: { ...params, repo: "web" }, body: { public: true, description: "Web front end" } });
    expect(patched.body).toMatchObject({ name: "web", public: true, description: "Web front end", pullCount: 50 });
    expect((await call(updateRepository, "PATCH", "/api/v1/tenants/acme/repositories/nope", { session: owner, params: { ...params, repo: "nope" }, body: { public: true } })).status).toBe(404);
    expect((await call(listTags, "GET", "/api/v1/tenants/acme/repositories/web/tags", { session: owner, params: { ...params, repo: "web" } })).body).toEqual({ items: [] });
    expect((await call(deleteTag, "DELETE", "/api/v1/tenants/acme/repositories/web/tags/v9", { session: owner, params: { ...params, repo: "web", tag: "v9" } })).status).toBe(404);
  });
});
