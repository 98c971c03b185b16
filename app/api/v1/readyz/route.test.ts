import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signIn } from "@/app/api/v1/session/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { createPlatformAdmin } from "@/lib/server/auth/platform-admins";
import { resetEnvForTests } from "@/lib/server/env";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { freePort } from "@/scripts/test-support/free-port";
import { GET as readyz } from "./route";

// Readiness is public (kubelets probe it anonymously), so it tells anyone only up or down per dependency; where each
// dependency lives and why it failed, which map the platform's insides, go to platform admins alone. Here the
// registry is a port nothing listens on, so there is an address and a connection error to keep back.

let harness: ApiHarness;
let registryUrl: string;
let owner: string;
let admin: string;

beforeAll(async () => {
  harness = await startApiHarness();
  // The fake API server serves what it holds: the version readiness asks the cluster for.
  harness.cluster.objects.set("/version", { major: "1", minor: "33", gitVersion: "v1.33.0" });
  registryUrl = `http://127.0.0.1:${await freePort()}`;
  process.env.REGISTRY_URL = registryUrl;
  resetEnvForTests();
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  await createPlatformAdmin({ email: "ops@example.com", password: "operator password 1" });
  admin = (await call(signIn, "POST", "/api/v1/session", { body: { email: "ops@example.com", password: "operator password 1" } })).sessionToken!;
});
afterAll(async () => {
  delete process.env.REGISTRY_URL;
  resetEnvForTests();
  await harness?.stop();
});

const summaryOnly = { status: "not_ready", detail: "summary", checks: { database: { status: "up" }, cluster: { status: "up" }, registry: { status: "down" } } };

describe("readyz", () => {
  it("tells an anonymous probe only up or down per dependency: no target, latency or error", async () => {
    const answer = await call(readyz, "GET", "/api/v1/readyz", { origin: null });
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBeTruthy();
    expect(answer.body).toEqual(summaryOnly);
    expect(JSON.stringify(answer.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|PGlite|fetch failed/);
  });

  it("tells a tenant's owner, and a caller with a key that is not valid, no more than anyone", async () => {
    expect((await call(readyz, "GET", "/api/v1/readyz", { session: owner })).body).toEqual(summaryOnly);
    const badKey = await call(readyz, "GET", "/api/v1/readyz", { apiKey: "apk_not_a_key" });
    expect(badKey.status).toBe(503);
    expect(badKey.body).toEqual(summaryOnly);
  });

  it("gives a platform admin each dependency's target, latency and error", async () => {
    const answer = await call(readyz, "GET", "/api/v1/readyz", { session: admin });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({
      status: "not_ready",
      detail: "full",
      checks: {
        database: { status: "up", target: "PGlite (embedded)", latencyMs: expect.any(Number) },
        cluster: { status: "up", target: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), latencyMs: expect.any(Number) },
        registry: { status: "down", target: registryUrl, latencyMs: expect.any(Number), error: expect.stringMatching(/^fetch failed: connect ECONNREFUSED/) },
      },
    });
  });
});
