import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signIn } from "@/app/api/v1/session/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as createKey } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import { POST as invite } from "@/app/api/v1/tenants/[tenant]/members/route";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { GET as listAudit } from "./route";

let harness: ApiHarness;
let owner: string;
const params = { tenant: "acme" };

beforeAll(async () => {
  harness = await startApiHarness();
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
});
afterAll(async () => harness?.stop());

describe("GET /api/v1/tenants/{tenant}/audit", () => {
  it("records every mutation with actor, action, target, result, IP, request id and UTC time, newest first", async () => {
    await call(invite, "POST", "/api/v1/tenants/acme/members", { session: owner, params, body: { email: "dev@example.com", role: "developer" }, headers: { "x-request-id": "req-invite" }, ip: "192.0.2.7" });
    await call(invite, "POST", "/api/v1/tenants/acme/members", { session: owner, params, body: { email: "bad", role: "developer" } });
    const key = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: owner, params, body: { name: "CI", role: "viewer" } });
    await call(invite, "POST", "/api/v1/tenants/acme/members", { apiKey: key.body.key, params, body: { email: "x@example.com", role: "viewer" } });

    const page = await call(listAudit, "GET", "/api/v1/tenants/acme/audit?limit=3", { session: owner, params });
    expect(page.status).toBe(200);
    expect(page.body.items.map((e: { action: string; result: string }) => `${e.action}:${e.result}`)).toEqual(["inviteMember:denied", "createApiKey:success", "inviteMember:failure"]);
    const [denied, created] = page.body.items;
    expect(denied.actor).toEqual({ type: "api_key", id: key.body.id, label: "CI" });
    expect(created).toMatchObject({ actor: { type: "user", label: "owner@example.com" }, target: `api_key:${key.body.id}`, tenantSlug: "acme" });
    expect(JSON.stringify(page.body)).not.toContain(key.body.key);

    const next = await call(listAudit, "GET", `/api/v1/tenants/acme/audit?limit=3&cursor=${page.body.nextCursor}`, { session: owner, params });
    const invited = next.body.items.find((e: { requestId: string }) => e.requestId === "req-invite");
    expect(invited).toMatchObject({ action: "inviteMember", result: "success", ip: "192.0.2.7", details: { email: "dev@example.com", role: "developer", status: 201 } });
    expect(invited.target).toMatch(/^invitation:/);
    expect(invited.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(next.body.items.some((e: { action: string }) => e.action === "signup")).toBe(true);
  });

  it("records sign-in successes and failures, naming the email tried", async () => {
    await call(signIn, "POST", "/api/v1/session", { body: { email: "owner@example.com", password: "wrong password" } });
    await call(signIn, "POST", "/api/v1/session", { body: { email: "owner@example.com", password: "correct horse battery" } });
    const rows = ((await harness.database.db.execute(`select result, actor_type, actor_label from audit_log where action = 'signIn' order by id`)) as unknown as { rows: { result: string; actor_type: string; actor_label: string }[] }).rows;
    expect(rows).toEqual([
      { result: "failure", actor_type: "anonymous", actor_label: "owner@example.com" },
      { result: "success", actor_type: "user", actor_label: "owner@example.com" },
    ]);
  });
});
