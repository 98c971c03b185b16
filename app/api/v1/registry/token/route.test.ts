import { verify, X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as createKey } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import { POST as createRepository } from "@/app/api/v1/tenants/[tenant]/repositories/route";
import { setRegistrySettingsForTests } from "@/lib/server/registry/registry-settings";
import { libtrustKeyId, tokenSigningKeyFiles } from "@/lib/server/registry/token-signing-key";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { GET as token } from "./route";

let harness: ApiHarness;
let dir: string;
let owner: string;
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` });
const OWNER = { email: "owner@example.com", password: "correct horse battery" };
const OTHER = { email: "other@example.com", password: "battery staple horse" };

function decode(jwt: string) {
  const [header, payload, signature] = jwt.split(".");
  const json = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  return { header: json(header), payload: json(payload), input: `${header}.${payload}`, signature: Buffer.from(signature, "base64url") };
}

async function grant(headers: Record<string, string> | undefined, ...scopes: string[]) {
  const query = new URLSearchParams([["service", "apiary-registry"], ...scopes.map((s) => ["scope", s] as [string, string])]);
  const response = await call(token, "GET", `/api/v1/registry/token?${query}`, { headers });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return decode(response.body.token).payload.access as { type: string; name: string; actions: string[] }[];
}

beforeAll(async () => {
  harness = await startApiHarness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-token-"));
  setRegistrySettingsForTests({ dataDir: dir, service: "apiary-registry", anonymousPull: false, eventsSecret: "x".repeat(32) });
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { ...OWNER, name: "O", tenantName: "Acme" } })).sessionToken!;
  await call(signup, "POST", "/api/v1/signup", { body: { ...OTHER, name: "X", tenantName: "Globex" } });
  await call(createRepository, "POST", "/api/v1/tenants/acme/repositories", { session: owner, params: { tenant: "acme" }, body: { name: "open", public: true } });
});
afterAll(async () => {
  setRegistrySettingsForTests(undefined);
  await harness?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("registry token server", () => {
  it("signs an ES256 JWT the registry can verify: kid of the certificate's key, issuer, audience, short lifetime", async () => {
    const response = await call(token, "GET", "/api/v1/registry/token?service=apiary-registry&scope=repository:acme/web:pull", { headers: basic(OWNER.email, OWNER.password) });
    expect(response.status).toBe(200);
    expect(response.body.access_token).toBe(response.body.token);
    expect(response.body.expires_in).toBe(300);
    const jwt = decode(response.body.token);
    const cert = new X509Certificate(fs.readFileSync(tokenSigningKeyFiles(dir).certPath));
    expect(jwt.header).toEqual({ typ: "JWT", alg: "ES256", kid: libtrustKeyId(cert.publicKey) });
    expect(jwt.header.kid).toMatch(/^([A-Z2-7]{4}:){11}[A-Z2-7]{4}$/);
    expect(verify("sha256", Buffer.from(jwt.input), { key: cert.publicKey, dsaEncoding: "ieee-p1363" }, jwt.signature)).toBe(true);
    const now = Math.floor(Date.now() / 1000);
    expect(jwt.payload).toMatchObject({ iss: "apiary", sub: OWNER.email, aud: "apiary-registry", access: [{ type: "repository", name: "acme/web", actions: ["pull"] }] });
    expect(jwt.payload.exp - jwt.payload.iat).toBe(300);
    expect(Math.abs(jwt.payload.iat - now)).toBeLessThan(5);
    expect(jwt.payload.nbf).toBeLessThanOrEqual(jwt.payload.iat);
    expect(typeof jwt.payload.jti).toBe("string");
  });

  it("grants by role: viewers pull, developers push, owners and admins delete", async () => {
    const all = "repository:acme/web:pull,push,delete";
    expect((await grant(basic(OWNER.email, OWNER.password), all))[0].actions).toEqual(["pull", "push", "delete"]);
    for (const role of ["viewer", "developer"] as const) {
      const key = (await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: owner, params: { tenant: "acme" }, body: { name: role, role } })).body.key;
      const actions = (await grant(basic("anything", key), all))[0].actions;
      expect(actions).toEqual(role === "viewer" ? ["pull"] : ["pull", "push"]);
    }
  });

  it("gives another tenant's private repository an empty grant, and its public one pull only", async () => {
    const access = await grant(basic(OTHER.email, OTHER.password), "repository:acme/web:pull,push", "repository:acme/open:pull,push", "repository:globex/app:push,pull");
    expect(access).toEqual([
      { type: "repository", name: "acme/web", actions: [] },
      { type: "repository", name: "acme/open", actions: ["pull"] },
      { type: "repository", name: "globex/app", actions: ["push", "pull"] },
    ]);
  });

  it("answers anonymous clients with an empty grant unless the operator allows anonymous pulls of public repositories", async () => {
    expect(await grant(undefined, "repository:acme/open:pull", "repository:acme/web:pull")).toEqual([
      { type: "repository", name: "acme/open", actions: [] },
      { type: "repository", name: "acme/web", actions: [] },
    ]);
    setRegistrySettingsForTests({ dataDir: dir, service: "apiary-registry", anonymousPull: true, eventsSecret: "x".repeat(32) });
    try {
      const access = await grant(undefined, "repository:acme/open:pull,push", "repository:acme/web:pull");
      expect(access.map((a) => a.actions)).toEqual([["pull"], []]);
    } finally {
      setRegistrySettingsForTests({ dataDir: dir, service: "apiary-registry", anonymousPull: false, eventsSecret: "x".repeat(32) });
    }
  });

  it("grants nothing on names outside <tenant>/<name> and on other resource types", async () => {
    const access = await grant(basic(OWNER.email, OWNER.password), "repository:acme:pull", "repository:acme/a/b:pull", "registry:catalog:*", "repository:nosuch/web:pull");
    expect(access.every((a) => a.actions.length === 0)).toBe(true);
  });

  it("refuses wrong credentials with 401 in Docker's and Apiary's error shapes and a Basic challenge", async () => {
    for (const headers of [basic(OWNER.email, "wrong password"), basic("nobody@example.com", "whatever it is"), basic("x", "apk_not_a_key"), { authorization: "Bearer abc" }]) {
      const response = await call(token, "GET", "/api/v1/registry/token?service=apiary-registry&scope=repository:acme/web:pull", { headers });
      expect(response.status).toBe(401);
      expect(response.body.errors[0]).toMatchObject({ code: "UNAUTHORIZED", message: expect.any(String) });
      expect(response.body.error).toMatchObject({ code: "unauthorized", requestId: expect.any(String) });
      expect(response.headers.get("www-authenticate")).toMatch(/^Basic /);
      expect(response.body.token).toBeUndefined();
    }
  });
});
