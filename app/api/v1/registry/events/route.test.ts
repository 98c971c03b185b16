import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { GET as listTags } from "@/app/api/v1/tenants/[tenant]/repositories/[repo]/tags/route";
import { GET as listRepositories } from "@/app/api/v1/tenants/[tenant]/repositories/route";
import { setRegistrySettingsForTests } from "@/lib/server/registry/registry-settings";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { POST as receiveEvents } from "./route";

const SECRET = "events-secret-for-unit-tests";
const MANIFEST = "application/vnd.oci.image.manifest.v1+json";
let harness: ApiHarness;
let dir: string;
let owner: string;

function event(id: string, action: string, target: Record<string, unknown>, actor = "owner@example.com") {
  return { id, timestamp: "2026-11-25T10:00:00.000Z", action, target: { repository: "acme/web", mediaType: MANIFEST, ...target }, request: { id: `r-${id}`, method: "PUT" }, actor: { name: actor } };
}

const post = (events: unknown[], secret: string | null = SECRET) =>
  call(receiveEvents, "POST", "/api/v1/registry/events", {
    body: { events },
    origin: null,
    headers: { "content-type": "application/vnd.docker.distribution.events.v1+json", ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
  });

const repositoriesNow = async () => (await call(listRepositories, "GET", "/api/v1/tenants/acme/repositories", { session: owner, params: { tenant: "acme" } })).body.items;
const tagsNow = async () => (await call(listTags, "GET", "/api/v1/tenants/acme/repositories/web/tags", { session: owner, params: { tenant: "acme", repo: "web" } })).body.items;

beforeAll(async () => {
  harness = await startApiHarness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-events-"));
  // No registry answers here, so the size falls back to the event's own.
  setRegistrySettingsForTests({ dataDir: dir, registryUrl: "http://127.0.0.1:9", eventsSecret: SECRET });
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
});
afterAll(async () => {
  setRegistrySettingsForTests(undefined);
  await harness?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("registry notifications", () => {
  it("refuses a caller without the shared secret", async () => {
    expect((await post([event("e0", "push", { tag: "v1", digest: "sha256:aa", size: 10 })], null)).status).toBe(401);
    expect((await post([event("e0", "push", { tag: "v1", digest: "sha256:aa", size: 10 })], "wrong-secret-value")).status).toBe(401);
    expect(await repositoriesNow()).toEqual([]);
  });

  it("records a tagged manifest push, counts pulls, and applies each event id once", async () => {
    const push = event("e1", "push", { tag: "v1", digest: "sha256:aa", size: 528 });
    expect((await post([push])).body).toEqual({ applied: 1, skipped: 0 });
    expect((await post([push])).body).toEqual({ applied: 0, skipped: 1 });
    const pulls = [event("p1", "pull", { tag: "v1", digest: "sha256:aa" }), event("p2", "pull", { digest: "sha256:aa" })];
    await post(pulls);
    await post(pulls);
    const [repository] = await repositoriesNow();
    expect(repository).toMatchObject({ name: "web", pushCount: 1, pullCount: 2, tagCount: 1, lastPushedAt: "2026-11-25T10:00:00.000Z" });
    // No registry answers here: the tag keeps the event's size, and its layers and platform are left to be read later.
    expect(await tagsNow()).toEqual([
      { tag: "v1", digest: "sha256:aa", mediaType: MANIFEST, sizeBytes: 528, pushedAt: "2026-11-25T10:00:00.000Z", pushedBy: "owner@example.com", os: null, architecture: null, layers: null },
    ]);
  });

  it("ignores blob events, Apiary's own manifest reads, untagged pushes and repositories outside any tenant", async () => {
    const result = await post([
      event("b1", "push", { digest: "sha256:bb", size: 99, mediaType: "application/octet-stream" }),
      event("b2", "pull", { digest: "sha256:bb", mediaType: "application/vnd.oci.image.layer.v1.tar+gzip" }),
      event("a1", "pull", { digest: "sha256:aa" }, "apiary"),
      event("u1", "push", { digest: "sha256:cc", size: 10 }),
      event("n1", "push", { repository: "nosuch/web", tag: "v1", digest: "sha256:dd", size: 10 }),
      event("n2", "push", { repository: "library", tag: "v1", digest: "sha256:dd", size: 10 }),
    ]);
    expect(result.body).toEqual({ applied: 0, skipped: 6 });
    expect((await repositoriesNow())[0]).toMatchObject({ pushCount: 1, pullCount: 2 });
  });

  it("drops every tag of a deleted manifest's digest", async () => {
    await post([event("e2", "push", { tag: "latest", digest: "sha256:aa", size: 528 }), event("e3", "push", { tag: "v2", digest: "sha256:ee", size: 600 })]);
    expect((await tagsNow()).map((t: { tag: string }) => t.tag).sort()).toEqual(["latest", "v1", "v2"]);
    await post([{ id: "d1", timestamp: "2026-11-25T10:05:00.000Z", action: "delete", target: { repository: "acme/web", digest: "sha256:aa" }, actor: { name: "apiary" } }]);
    expect((await tagsNow()).map((t: { tag: string }) => t.tag)).toEqual(["v2"]);
  });
});
