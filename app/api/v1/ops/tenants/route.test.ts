import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as opsAudit } from "@/app/api/v1/ops/audit/route";
import { POST as signIn } from "@/app/api/v1/session/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as invite } from "@/app/api/v1/tenants/[tenant]/members/route";
import { GET as getTenant } from "@/app/api/v1/tenants/[tenant]/route";
import { createPlatformAdmin } from "@/lib/server/auth/platform-admins";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { POST as resume } from "./[tenant]/resume/route";
import { DELETE as deleteTenant } from "./[tenant]/route";
import { POST as suspend } from "./[tenant]/suspend/route";
import { GET as listTenants } from "./route";

let harness: ApiHarness;
let admin: string;
let owner: string;

beforeAll(async () => {
  harness = await startApiHarness();
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  expect(await createPlatformAdmin({ email: "ops@example.com", password: "operator password 1" })).toMatchObject({ created: true });
  const signedIn = await call(signIn, "POST", "/api/v1/session", { body: { email: "ops@example.com", password: "operator password 1" } });
  expect(signedIn.body.platformAdmin).toBe(true);
  admin = signedIn.sessionToken!;
});
afterAll(async () => harness?.stop());

describe("ops tenants", () => {
  it("are for platform admins only", async () => {
    expect((await call(listTenants, "GET", "/api/v1/ops/tenants")).status).toBe(401);
    expect((await call(listTenants, "GET", "/api/v1/ops/tenants", { session: owner })).status).toBe(403);
    const list = await call(listTenants, "GET", "/api/v1/ops/tenants", { session: admin });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ slug: "acme", status: "active", memberCount: 1, ownerEmails: ["owner@example.com"] })]);
  });

  it("suspend stops changes but not reads, and resume lifts it", async () => {
    const suspended = await call(suspend, "POST", "/api/v1/ops/tenants/acme/suspend", { session: admin, params: { tenant: "acme" } });
    expect(suspended.status).toBe(200);
    expect(suspended.body.status).toBe("suspended");
    expect((await call(getTenant, "GET", "/api/v1/tenants/acme", { session: owner, params: { tenant: "acme" } })).body.status).toBe("suspended");
    const write = await call(invite, "POST", "/api/v1/tenants/acme/members", { session: owner, params: { tenant: "acme" }, body: { email: "a@example.com", role: "viewer" } });
    expect(write.status).toBe(403);
    expect(write.body.error.message).toMatch(/suspended/);
    expect((await call(suspend, "POST", "/api/v1/ops/tenants/acme/suspend", { session: admin, params: { tenant: "acme" } })).status).toBe(409);
    const resumed = await call(resume, "POST", "/api/v1/ops/tenants/acme/resume", { session: admin, params: { tenant: "acme" } });
    expect(resumed.body.status).toBe("active");
    expect((await call(invite, "POST", "/api/v1/tenants/acme/members", { session: owner, params: { tenant: "acme" }, body: { email: "a@example.com", role: "viewer" } })).status).toBe(201);
  });

  it("delete asks for the slug, deletes the namespace and marks the tenant deleted", async () => {
    const wrong = await call(deleteTenant, "DELETE", "/api/v1/ops/tenants/acme", { session: admin, params: { tenant: "acme" }, body: { confirm: "Acme" } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details[0].field).toBe("body.confirm");
    expect(harness.cluster.get("/api/v1/namespaces/t-acme")).toBeTruthy();
    const deleted = await call(deleteTenant, "DELETE", "/api/v1/ops/tenants/acme", { session: admin, params: { tenant: "acme" }, body: { confirm: "acme" } });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ status: "deleted", deletedAt: expect.any(String) });
    expect(harness.cluster.get("/api/v1/namespaces/t-acme")).toBeUndefined();
    expect((await call(getTenant, "GET", "/api/v1/tenants/acme", { session: owner, params: { tenant: "acme" } })).status).toBe(404);
  });

  it("the platform audit log shows the operators' actions", async () => {
    const page = await call(opsAudit, "GET", "/api/v1/ops/audit?tenant=acme&limit=10", { session: admin });
    expect(page.status).toBe(200);
    const actions = page.body.items.map((e: { action: string; actor: { label: string } }) => `${e.action} by ${e.actor.label}`);
    expect(actions).toContain("opsDeleteTenant by ops@example.com");
    expect(actions).toContain("opsSuspendTenant by ops@example.com");
    expect((await call(opsAudit, "GET", "/api/v1/ops/audit", { session: owner })).status).toBe(403);
  });
});
