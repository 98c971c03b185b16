import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as provision } from "@/app/api/v1/tenants/[tenant]/provision/route";
import { GET as getTenant } from "@/app/api/v1/tenants/[tenant]/route";
import { POST as createTenant } from "@/app/api/v1/tenants/route";
import { getBalance } from "@/lib/server/billing/ledger";
import { ledgerTransactions, memberships, planVersions, tenants, users } from "@/lib/server/db/schema";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { POST as signup } from "./route";

let harness: ApiHarness;
beforeAll(async () => {
  harness = await startApiHarness();
});
afterAll(async () => harness?.stop());

const body = (email: string, tenantName: string) => ({ email, password: "correct horse battery", name: "Ada", tenantName });

describe("POST /api/v1/signup", () => {
  it("creates the user, the tenant and the owner membership, provisions the namespace and sets the session cookie", async () => {
    const response = await call(signup, "POST", "/api/v1/signup", { body: body("Ada@Example.com", "Acme Rockets") });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ email: "ada@example.com", name: "Ada", twoFactorEnabled: false });
    expect(response.body.tenant).toMatchObject({ slug: "acme-rockets", namespace: "t-acme-rockets", status: "active", role: "owner", plan: "free" });
    expect(response.body.tenant.quota).toMatchObject({ requestsCpuMillicores: 2000, requestsMemoryMiB: 4096, pods: 10 });
    const cookie = response.headers.getSetCookie()[0];
    expect(cookie).toMatch(/^apiary_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);

    const db = harness.database.db;
    const [user] = await db.select().from(users).where(eq(users.email, "ada@example.com"));
    expect(user.passwordHash).toMatch(/^scrypt\$16384\$8\$5\$/);
    const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, "acme-rockets"));
    expect(await db.select().from(memberships).where(eq(memberships.tenantId, tenant.id))).toEqual([
      expect.objectContaining({ userId: user.id, role: "owner" }),
    ]);
    const namespace = harness.cluster.get("/api/v1/namespaces/t-acme-rockets");
    expect(namespace.metadata.labels).toMatchObject({ "apiary.io/tenant": tenant.id, "pod-security.kubernetes.io/enforce": "restricted" });
    expect(harness.cluster.get("/api/v1/namespaces/t-acme-rockets/resourcequotas/apiary-quota")).toBeTruthy();
  });

  it("gives a clashing tenant name a suffixed slug", async () => {
    const response = await call(signup, "POST", "/api/v1/signup", { body: body("bob@example.com", "Acme rockets!") });
    expect(response.status).toBe(201);
    expect(response.body.tenant.slug).toMatch(/^acme-rockets-[a-z0-9]{4}$/);
    expect(response.body.tenant.namespace).toBe(`t-${response.body.tenant.slug}`);
  });

  it("refuses a taken email with 409 and a password that is the email with 422 naming the field", async () => {
    const taken = await call(signup, "POST", "/api/v1/signup", { body: body("ADA@example.com", "Other") });
    expect(taken.status).toBe(409);
    const weak = await call(signup, "POST", "/api/v1/signup", { body: { ...body("carol@example.com", "Carol Co"), password: "carol@example.com" } });
    expect(weak.status).toBe(422);
    expect(weak.body.error.details.map((d: { field: string }) => d.field)).toContain("body.password");
    const short = await call(signup, "POST", "/api/v1/signup", { body: { ...body("carol@example.com", "Carol Co"), password: "short" } });
    expect(short.status).toBe(422);
    expect(short.body.error.details).toEqual([{ field: "body.password", message: "at least 10 characters" }]);
  });

  it("answers a tenant in provisioning_failed when the cluster refuses, and the retry endpoint converges it", async () => {
    harness.cluster.failWhen = (request) => (request.path.includes("limitranges") ? 500 : undefined);
    const response = await call(signup, "POST", "/api/v1/signup", { body: body("dave@example.com", "Dave Labs") });
    expect(response.status).toBe(201);
    expect(response.body.tenant.status).toBe("provisioning_failed");
    expect(response.body.tenant.provisioningError).toMatch(/default container limits/);
    harness.cluster.failWhen = undefined;

    const detail = await call(getTenant, "GET", "/api/v1/tenants/dave-labs", { session: response.sessionToken, params: { tenant: "dave-labs" } });
    expect(detail.body.status).toBe("provisioning_failed");
    const retried = await call(provision, "POST", "/api/v1/tenants/dave-labs/provision", { session: response.sessionToken, params: { tenant: "dave-labs" } });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: "active", provisioningError: null });
    expect(harness.cluster.get("/api/v1/namespaces/t-dave-labs/limitranges/apiary-defaults")).toBeTruthy();
  });

  it("forwards no identity header a client sent with the request", async () => {
    harness.cluster.requests.length = 0;
    const response = await call(signup, "POST", "/api/v1/signup", {
      body: { email: "mallory@example.com", password: "correct horse battery", name: "M", tenantName: "Mallory" },
      headers: { "impersonate-user": "system:admin", "impersonate-group": "system:masters" },
    });
    expect(response.status).toBe(201);
    expect(harness.cluster.requests.length).toBeGreaterThan(0);
    for (const request of harness.cluster.requests) {
      expect(request.headers["impersonate-user"]).toBeUndefined();
      expect(request.headers["impersonate-group"]).toBeUndefined();
    }
  });
});

describe("POST /api/v1/signup on PostgreSQL", () => {
  let pgHarness: ApiHarness;
  beforeAll(async () => {
    pgHarness = await startApiHarness({ postgres: true });
  });
  afterAll(async () => pgHarness?.stop());

  it("starts a new tenant with its plan's included credit for the month as its balance, granted once", async () => {
    const response = await call(signup, "POST", "/api/v1/signup", { body: body("erin@example.com", "Erin Works") });
    expect(response.status).toBe(201);
    const db = pgHarness.database.db;
    const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, "erin-works"));
    const [plan] = await db.select().from(planVersions).where(eq(planVersions.planName, tenant.planName)).orderBy(desc(planVersions.version)).limit(1);
    expect(plan.includedCreditMinor).toBe(500n);
    expect(await getBalance(db, tenant.id)).toMatchObject({ balanceMinor: plan.includedCreditMinor, floorMinor: 0n });
    const grants = await db.select().from(ledgerTransactions).where(eq(ledgerTransactions.tenantId, tenant.id));
    expect(grants.map((row) => [row.kind, row.idempotencyKey])).toEqual([["included_credit", `included:${tenant.id}:${new Date().toISOString().slice(0, 7)}`]]);

    // A further tenant the same person creates starts with it too.
    const created = await call(createTenant, "POST", "/api/v1/tenants", { session: response.sessionToken, body: { name: "Erin Side Project" } });
    expect(created.status).toBe(201);
    const [second] = await db.select().from(tenants).where(eq(tenants.slug, created.body.slug));
    expect((await getBalance(db, second.id)).balanceMinor).toBe(plan.includedCreditMinor);
  });
});
