import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as token } from "@/app/api/v1/registry/token/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as createKey } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import { POST as createRepository } from "@/app/api/v1/tenants/[tenant]/repositories/route";
import { setRegistrySettingsForTests } from "@/lib/server/registry/registry-settings";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { POST as rotate } from "./route";

// The pull secret end to end: signing up provisions the namespace (fake cluster), whose Secret holds a robot
// credential that the token server accepts for pulls only, and rotation replaces it at once.

let harness: ApiHarness;
let dir: string;
let owner: string;
const REGISTRY_URL = "http://registry.test:5443";

function pullSecretOf(namespace: string) {
  const secret = harness.cluster.get(`/api/v1/namespaces/${namespace}/secrets/apiary-registry`);
  const config = JSON.parse(Buffer.from(secret.data[".dockerconfigjson"], "base64").toString("utf8"));
  return { secret, config, entry: config.auths["registry.test:5443"] as { username: string; password: string; auth: string } };
}

async function tokenFor(user: string, password: string, ...scopes: string[]) {
  const query = new URLSearchParams([["service", "apiary-registry"], ...scopes.map((s) => ["scope", s] as [string, string])]);
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  return call(token, "GET", `/api/v1/registry/token?${query}`, { headers: { authorization } });
}

function accessOf(response: { body: { token: string } }) {
  return JSON.parse(Buffer.from(response.body.token.split(".")[1], "base64url").toString("utf8")) as { sub: string; access: { name: string; actions: string[] }[] };
}

beforeAll(async () => {
  harness = await startApiHarness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-robot-"));
  setRegistrySettingsForTests({ dataDir: dir, registryUrl: REGISTRY_URL, service: "apiary-registry", anonymousPull: false, eventsSecret: "x".repeat(32) });
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  const other = (await call(signup, "POST", "/api/v1/signup", { body: { email: "other@example.com", password: "battery staple horse", name: "X", tenantName: "Globex" } })).sessionToken!;
  for (const [name, isPublic] of [["private", false], ["open", true]] as const) {
    await call(createRepository, "POST", "/api/v1/tenants/globex/repositories", { session: other, params: { tenant: "globex" }, body: { name, public: isPublic } });
  }
});
afterAll(async () => {
  setRegistrySettingsForTests(undefined);
  await harness?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("registry pull credentials", () => {
  it("provisions a dockerconfigjson Secret for the registry host with the robot's credential, listed by the default ServiceAccount", () => {
    const { secret, config, entry } = pullSecretOf("t-acme");
    expect(secret.type).toBe("kubernetes.io/dockerconfigjson");
    expect(Object.keys(config.auths)).toEqual(["registry.test:5443"]);
    expect(entry.username).toBe("robot$acme");
    expect(Buffer.from(entry.auth, "base64").toString("utf8")).toBe(`robot$acme:${entry.password}`);
    expect(harness.cluster.get("/api/v1/namespaces/t-acme/serviceaccounts/default").imagePullSecrets).toEqual([{ name: "apiary-registry" }]);
  });

  it("lets the robot pull its tenant's repositories and public ones, and nothing else", async () => {
    const { entry } = pullSecretOf("t-acme");
    const response = await tokenFor(entry.username, entry.password, "repository:acme/web:pull,push,delete,*", "repository:globex/private:pull", "repository:globex/open:pull,push");
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const jwt = accessOf(response);
    expect(jwt.sub).toBe("robot$acme");
    expect(jwt.access.map((a) => [a.name, a.actions])).toEqual([
      ["acme/web", ["pull"]],
      ["globex/private", []],
      ["globex/open", ["pull"]],
    ]);
  });

  it("refuses the robot's secret under another tenant's robot name", async () => {
    const { entry } = pullSecretOf("t-acme");
    expect((await tokenFor("robot$globex", entry.password, "repository:globex/private:pull")).status).toBe(401);
  });

  it("lets only owners and admins rotate", async () => {
    const key = (await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: owner, params: { tenant: "acme" }, body: { name: "ci", role: "developer" } })).body.key;
    const response = await call(rotate, "POST", "/api/v1/tenants/acme/registry-credentials/rotate", { apiKey: key, params: { tenant: "acme" } });
    expect(response.status).toBe(403);
  });

  it("rotates in one call: the Secret gets a new credential and the old one stops working at once", async () => {
    const old = pullSecretOf("t-acme").entry;
    const response = await call(rotate, "POST", "/api/v1/tenants/acme/registry-credentials/rotate", { session: owner, params: { tenant: "acme" } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ username: "robot$acme", registry: "registry.test:5443", secretName: "apiary-registry", rotatedAt: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toContain("rbs_");
    const fresh = pullSecretOf("t-acme").entry;
    expect(fresh.password).not.toBe(old.password);
    expect((await tokenFor(old.username, old.password, "repository:acme/web:pull")).status).toBe(401);
    const renewed = await tokenFor(fresh.username, fresh.password, "repository:acme/web:pull");
    expect(accessOf(renewed).access[0].actions).toEqual(["pull"]);
  });
});
