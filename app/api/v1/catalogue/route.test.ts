import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { repositories, repositoryTags } from "@/lib/server/db/schema";
import { setRegistrySettingsForTests } from "@/lib/server/registry/registry-settings";
import { findTenantBySlug } from "@/lib/server/tenancy/tenants";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { DELETE as unstar, PUT as star } from "./[tenant]/[repo]/star/route";
import { GET as catalogue } from "./route";

let harness: ApiHarness;
let alice: string;
let bob: string;

beforeAll(async () => {
  harness = await startApiHarness();
  alice = (await call(signup, "POST", "/api/v1/signup", { body: { email: "alice@example.com", password: "correct horse battery", name: "A", tenantName: "Acme" } })).sessionToken!;
  bob = (await call(signup, "POST", "/api/v1/signup", { body: { email: "bob@example.com", password: "correct horse battery", name: "B", tenantName: "Globex" } })).sessionToken!;
  const acme = (await findTenantBySlug("acme"))!;
  const globex = (await findTenantBySlug("globex"))!;
  const [web] = await harness.database.db
    .insert(repositories)
    .values([
      { tenantId: acme.id, name: "web", public: true, description: "The **web** front", pullCount: 7, lastPushedAt: new Date("2026-11-20T00:00:00Z") },
      { tenantId: acme.id, name: "secret" },
      { tenantId: globex.id, name: "tools", public: true, pullCount: 70 },
    ])
    .returning({ id: repositories.id });
  await harness.database.db.insert(repositoryTags).values([
    { repositoryId: web.id, tag: "v1", digest: "sha256:a", sizeBytes: 1, pushedAt: new Date("2026-11-19T00:00:00Z") },
    { repositoryId: web.id, tag: "v2", digest: "sha256:b", sizeBytes: 1, pushedAt: new Date("2026-11-20T00:00:00Z") },
  ]);
});
afterEach(() => setRegistrySettingsForTests(undefined));
afterAll(async () => harness?.stop());

const browse = (query = "", session?: string) => call(catalogue, "GET", `/api/v1/catalogue${query}`, session ? { session } : {});
const names = (body: { items: { fullName: string }[] }) => body.items.map((item) => item.fullName);

describe("the public catalogue", () => {
  it("lists public repositories of every tenant, never private ones, with tags, latest tag, pulls and last push", async () => {
    const answer = await browse("?sort=name", bob);
    expect(answer.status).toBe(200);
    // Sorted by the repository's name: "tools" before "web".
    expect(names(answer.body)).toEqual(["globex/tools", "acme/web"]);
    expect(answer.body.items.find((item: { name: string }) => item.name === "web")).toEqual({
      tenant: "acme",
      name: "web",
      fullName: "acme/web",
      description: "The **web** front",
      tagCount: 2,
      latestTag: "v2",
      pullCount: 7,
      starCount: 0,
      starred: false,
      lastPushedAt: "2026-11-20T00:00:00.000Z",
    });
    expect(answer.body.registryHost).toMatch(/:\d+$/);
  });

  it("searches the tenant and the name, sorts by pulls and pages", async () => {
    expect(names((await browse("?q=acme/", bob)).body)).toEqual(["acme/web"]);
    expect(names((await browse("?q=globex", bob)).body)).toEqual(["globex/tools"]);
    expect(names((await browse("?sort=pulls", bob)).body)).toEqual(["globex/tools", "acme/web"]);
    const first = await browse("?sort=pulls&limit=1", bob);
    expect(first.body).toMatchObject({ total: 2, nextCursor: "1" });
    expect(names((await browse("?sort=pulls&limit=1&cursor=1", bob)).body)).toEqual(["acme/web"]);
  });

  it("is closed to anonymous callers unless the operator allows anonymous pulls", async () => {
    expect((await browse()).status).toBe(401);
    setRegistrySettingsForTests({ anonymousPull: true });
    const open = await browse();
    expect(open.status).toBe(200);
    expect(open.body.items.every((item: { starred: boolean }) => item.starred === false)).toBe(true);
  });

  it("people of any tenant star public repositories, their stars count for everyone and sort the catalogue", async () => {
    expect((await call(star, "PUT", "/api/v1/catalogue/acme/web/star", { session: bob, params: { tenant: "acme", repo: "web" } })).body).toEqual({ starred: true, starCount: 1 });
    expect((await call(star, "PUT", "/api/v1/catalogue/acme/web/star", { session: alice, params: { tenant: "acme", repo: "web" } })).body).toEqual({ starred: true, starCount: 2 });
    const sorted = (await browse("?sort=stars", bob)).body;
    expect(names(sorted)).toEqual(["acme/web", "globex/tools"]);
    expect(sorted.items[0]).toMatchObject({ starCount: 2, starred: true });
    expect((await call(unstar, "DELETE", "/api/v1/catalogue/acme/web/star", { session: bob, params: { tenant: "acme", repo: "web" } })).body).toEqual({ starred: false, starCount: 1 });
  });

  it("answers 'not found' for another tenant's private repository, but lets members star their own", async () => {
    expect((await call(star, "PUT", "/api/v1/catalogue/acme/secret/star", { session: bob, params: { tenant: "acme", repo: "secret" } })).status).toBe(404);
    expect((await call(star, "PUT", "/api/v1/catalogue/acme/secret/star", { session: alice, params: { tenant: "acme", repo: "secret" } })).body).toEqual({ starred: true, starCount: 1 });
    expect((await call(star, "PUT", "/api/v1/catalogue/nobody/web/star", { session: bob, params: { tenant: "nobody", repo: "web" } })).status).toBe(404);
    expect((await call(star, "PUT", "/api/v1/catalogue/acme/web/star", { params: { tenant: "acme", repo: "web" } })).status).toBe(401);
  });
});
