import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as whoAmI } from "@/app/api/v1/session/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as createKey } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import { POST as pause } from "@/app/api/v1/tenants/[tenant]/deployments/[name]/rollout/pause/route";
import { POST as resume } from "@/app/api/v1/tenants/[tenant]/deployments/[name]/rollout/resume/route";
import { POST as restart } from "@/app/api/v1/tenants/[tenant]/deployments/[name]/rollout/restart/route";
import { PATCH as updateWorkload } from "@/app/api/v1/tenants/[tenant]/deployments/[name]/route";
import { GET as listAudit } from "@/app/api/v1/tenants/[tenant]/audit/route";
import { GET as listOpsTenants } from "@/app/api/v1/ops/tenants/route";
import { auditLog, users } from "@/lib/server/db/schema";
import { findTenantBySlug } from "@/lib/server/tenancy/tenants";
import { call, type CallOptions } from "@/scripts/test-support/api-test-harness";
import { startClusterApiHarness, type ClusterApiHarness } from "@/scripts/test-support/cluster-api-harness";

// Headers a client may send to change who a request acts as: Kubernetes impersonation headers (which the BFF must
// never forward: it impersonates the signed-in caller itself), the Next.js middleware bypass header
// (CVE-2025-29927), forwarding headers, and another tenant's session cookie. None may change the actor. The proof
// is on both sides: the answer and the audit record name the real caller, and the simulated cluster's log of the
// headers it received shows exactly the caller's impersonation, never a value the client sent.

let env: ClusterApiHarness;
let alice = { id: "", session: "" };
let bob = { id: "", session: "" };
let acmeId = "";
let acmeKey = { id: "", key: "" };

const SPOOFED: Record<string, string> = {
  "impersonate-user": "system:admin",
  "impersonate-group": "system:masters",
  "impersonate-uid": "spoofed-uid-0",
  "impersonate-extra-scopes": "spoofed-cluster-admin",
  "impersonate-extra-reason": "spoofed",
  "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware",
  "x-forwarded-host": "spoofed.evil.example",
  "x-forwarded-proto": "https",
  "x-real-ip": "6.6.6.6",
  "x-remote-user": "system:admin",
  "x-remote-group": "system:masters",
};
/** Any of these in what the cluster received means a client value got through. */
const SPOOFED_MARKERS = ["system:admin", "system:masters", "spoofed", "6.6.6.6"];

const requestLog = () => env.cluster.cluster.server.requestLog;

/** The cluster requests made while `action` ran that carried any impersonation header. */
async function impersonatedDuring(action: () => Promise<void>): Promise<{ entries: ReturnType<ReturnType<typeof requestLog>["list"]>; all: ReturnType<ReturnType<typeof requestLog>["list"]> }> {
  requestLog().clear();
  await action();
  const all = requestLog().list();
  return { entries: all.filter((entry) => Object.keys(entry.headers).some((name) => name.startsWith("impersonate-"))), all };
}

function expectOnlyImpersonating(entries: ReturnType<ReturnType<typeof requestLog>["list"]>, user: string, group: string): void {
  expect(entries.length).toBeGreaterThan(0);
  for (const entry of entries) {
    expect(entry.impersonatedUser).toBe(user);
    expect(entry.impersonatedGroups).toEqual(expect.arrayContaining([group]));
    expect(entry.impersonatedGroups!.filter((g) => g !== "system:authenticated")).toEqual([group]);
    expect(Object.keys(entry.headers).filter((name) => name.startsWith("impersonate-")).sort()).toEqual(["impersonate-group", "impersonate-user"]);
    expect(entry.headers["impersonate-user"]).toBe(user);
    expect(entry.headers["impersonate-group"]).toBe(group);
  }
}

function expectNoSpoofedValue(all: ReturnType<ReturnType<typeof requestLog>["list"]>): void {
  // What the client could have influenced: the headers, the impersonation and the URL (not the BFF's own login,
  // whose groups on the simulator include system:masters).
  const seen = JSON.stringify(all.map((entry) => [entry.path, entry.query, entry.headers, entry.impersonatedUser, entry.impersonatedGroups]));
  expect(all.length).toBeGreaterThan(0);
  for (const marker of SPOOFED_MARKERS) expect(seen).not.toContain(marker);
}

const workload = { tenant: "acme", name: "web" };
const as = (session: string, headers: Record<string, string> = {}, extra: Partial<CallOptions> = {}): CallOptions => ({ session, params: workload, headers: { ...SPOOFED, ...headers }, ...extra });

beforeAll(async () => {
  env = await startClusterApiHarness({ images: [{ repository: "acme/web", tag: "v1" }], postgres: true });
  const password = "correct horse battery";
  const a = await call(signup, "POST", "/api/v1/signup", { body: { email: "alice@example.com", password, name: "Alice", tenantName: "Acme" } });
  const b = await call(signup, "POST", "/api/v1/signup", { body: { email: "bob@example.com", password, name: "Bob", tenantName: "Globex" } });
  expect([a.status, b.status]).toEqual([201, 201]);
  const db = env.harness.database.db;
  const idOf = async (email: string) => (await db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0].id;
  alice = { id: await idOf("alice@example.com"), session: a.sessionToken! };
  bob = { id: await idOf("bob@example.com"), session: b.sessionToken! };
  acmeId = (await findTenantBySlug("acme"))!.id;
  const key = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: alice.session, params: { tenant: "acme" }, body: { name: "ci", role: "developer" } });
  expect(key.status).toBe(201);
  acmeKey = { id: key.body.id, key: key.body.key };
  const created = await env.cluster.kubectl(["create", "deployment", "web", "-n", "t-acme", `--image=${env.registry.host}/acme/web:v1`, "--replicas=1"]);
  expect(created.code, created.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

describe("identity headers sent by a client", () => {
  it("never reach the cluster: scale, pause, resume and restart impersonate exactly the signed-in user, whatever Impersonate-* headers the client sent", async () => {
    const group = `apiary:tenant:${acmeId}:owner`;
    const { entries, all } = await impersonatedDuring(async () => {
      const scaled = await call(updateWorkload, "PATCH", "/api/v1/tenants/acme/deployments/web", as(alice.session, {}, { body: { replicas: 2 } }));
      expect(scaled.status, JSON.stringify(scaled.body)).toBe(200);
      for (const [handler, verb] of [[pause, "pause"], [resume, "resume"], [restart, "restart"]] as const) {
        const response = await call(handler, "POST", `/api/v1/tenants/acme/deployments/web/rollout/${verb}`, as(alice.session));
        expect(response.status, JSON.stringify(response.body)).toBe(200);
      }
    });
    expectOnlyImpersonating(entries, `apiary:user:${alice.id}`, group);
    expectNoSpoofedValue(all);
  });

  it("never reach the cluster on an API key's request either: it impersonates the key in its own role's group", async () => {
    const { entries, all } = await impersonatedDuring(async () => {
      const response = await call(restart, "POST", "/api/v1/tenants/acme/deployments/web/rollout/restart", { apiKey: acmeKey.key, params: workload, headers: SPOOFED, origin: null });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    });
    expectOnlyImpersonating(entries, `apiary:apikey:${acmeKey.id}`, `apiary:tenant:${acmeId}:developer`);
    expectNoSpoofedValue(all);
  });

  it("do not make another tenant's member act in this tenant: Bob's cookie with Impersonate-User of Alice gets 404 and the cluster sees nothing as Alice or on her namespace", async () => {
    const { entries, all } = await impersonatedDuring(async () => {
      const response = await call(pause, "POST", "/api/v1/tenants/acme/deployments/web/rollout/pause", as(bob.session, { "impersonate-user": `apiary:user:${alice.id}`, "impersonate-group": `apiary:tenant:${acmeId}:owner` }));
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    });
    expect(entries).toEqual([]);
    expect(all.filter((entry) => entry.path.includes("/namespaces/t-acme/"))).toEqual([]);
  });

  it("do not let a second session cookie for another tenant's user change the actor: the one session read is the one the cluster and the audit log see", async () => {
    // Two cookies of the same name (one planted by a sibling page, say): whichever the server reads, the answer,
    // the audit record and the cluster's impersonation must all name that same user.
    const both = `apiary_session=${alice.session}; apiary_session=${bob.session}`;
    const me = await call(whoAmI, "GET", "/api/v1/session", { headers: { cookie: both } });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe("alice@example.com");
    const { entries } = await impersonatedDuring(async () => {
      const response = await call(pause, "POST", "/api/v1/tenants/acme/deployments/web/rollout/pause", { params: workload, headers: { cookie: both, "x-request-id": "two-cookies" } });
      expect(response.status).toBe(200);
    });
    expectOnlyImpersonating(entries, `apiary:user:${alice.id}`, `apiary:tenant:${acmeId}:owner`);
    const [row] = await env.harness.database.db.select().from(auditLog).where(eq(auditLog.requestId, "two-cookies"));
    expect(row).toMatchObject({ actorId: alice.id, action: "pauseRollout", result: "success" });
  });

  it("do not get past authorization with x-middleware-subrequest (CVE-2025-29927): no session is still 401, a tenant user on an operator route still 403", async () => {
    for (const value of ["middleware", "middleware:middleware:middleware:middleware:middleware", "proxy:proxy:proxy:proxy:proxy", "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware"]) {
      const anonymous = await call(listAudit, "GET", "/api/v1/tenants/acme/audit", { params: { tenant: "acme" }, headers: { "x-middleware-subrequest": value } });
      expect(anonymous.status).toBe(401);
      const tenantUser = await call(listOpsTenants, "GET", "/api/v1/ops/tenants", { session: alice.session, headers: { "x-middleware-subrequest": value } });
      expect(tenantUser.status).toBe(403);
    }
  });

  it("do not change the recorded address: X-Forwarded-For entries the client wrote and X-Real-IP are ignored, the proxy's own entry is kept", async () => {
    const response = await call(pause, "POST", "/api/v1/tenants/acme/deployments/web/rollout/pause", {
      session: alice.session,
      params: workload,
      // What the app sees behind no trusted proxy: the client's own X-Forwarded-For, then the socket address Next appends.
      headers: { ...SPOOFED, "x-forwarded-for": "6.6.6.6, 127.0.0.1, 10.20.30.40", "x-request-id": "forwarded-for" },
    });
    expect(response.status).toBe(200);
    const [row] = await env.harness.database.db.select().from(auditLog).where(eq(auditLog.requestId, "forwarded-for"));
    expect(row).toMatchObject({ actorId: alice.id, ip: "10.20.30.40" });
  });

  it("do not make a foreign Origin look like the console: X-Forwarded-Host and X-Forwarded-Proto naming it do not pass the CSRF check", async () => {
    const response = await call(pause, "POST", "/api/v1/tenants/acme/deployments/web/rollout/pause", {
      session: alice.session,
      params: workload,
      origin: "https://spoofed.evil.example",
      headers: { "x-forwarded-host": "spoofed.evil.example", "x-forwarded-proto": "https" },
    });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain("Cross-site request refused");
  });
});
