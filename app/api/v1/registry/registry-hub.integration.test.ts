import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { DELETE as unstarFromCatalogue, PUT as starFromCatalogue } from "@/app/api/v1/catalogue/[tenant]/[repo]/star/route";
import { GET as listCatalogue } from "@/app/api/v1/catalogue/route";
import { POST as receiveEvents } from "@/app/api/v1/registry/events/route";
import { GET as registryToken } from "@/app/api/v1/registry/token/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as createKey } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import { PATCH as updateRepository } from "@/app/api/v1/tenants/[tenant]/repositories/[repo]/route";
import { PUT as starRepository } from "@/app/api/v1/tenants/[tenant]/repositories/[repo]/star/route";
import { DELETE as deleteTag } from "@/app/api/v1/tenants/[tenant]/repositories/[repo]/tags/[tag]/route";
import { GET as listTags } from "@/app/api/v1/tenants/[tenant]/repositories/[repo]/tags/route";
import { GET as listRepositories } from "@/app/api/v1/tenants/[tenant]/repositories/route";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { writeOciLayout, type OciImageLayout } from "@/scripts/test-support/oci-image-layout";
import { writeRegistryConfig } from "@/scripts/start/registry-config";
import { getDatabase } from "@/lib/server/db/get-database";
import { repositories, repositoryTags, tenants } from "@/lib/server/db/schema";
import { reconcileRegistryCatalogue } from "@/lib/server/registry/reconcile-registry";
import { REGISTRY_TOKEN_ISSUER, setRegistrySettingsForTests } from "@/lib/server/registry/registry-settings";
import { ensureTokenSigningKey } from "@/lib/server/registry/token-signing-key";
import { freePort } from "@/scripts/test-support/free-port";

// The whole loop against the real programs: Debian's docker-registry (Distribution 2.8) with Apiary as its token
// server and notifications endpoint (served by the route handlers through node:http), and skopeo pushing and
// pulling an OCI image this test writes byte by byte.

const run = promisify(execFile);
const SECRET = "registry-events-secret-for-tests";
const ALICE = { email: "alice@example.com", password: "correct horse battery" };
const BOB = { email: "bob@example.com", password: "staple battery horse" };

let harness: ApiHarness;
let dir: string;
let registry: ChildProcess;
let registryLog = "";
let console_: http.Server;
let registryHost: string;
let alice: string;
let bob: string;
let image: OciImageLayout;


/** Serves the token and events route handlers as the console would. */
async function serveConsole(): Promise<number> {
  const routes: Record<string, (request: Request) => Promise<Response>> = {
    "GET /api/v1/registry/token": (request) => registryToken(request, { params: Promise.resolve({}) }),
    "POST /api/v1/registry/events": (request) => receiveEvents(request, { params: Promise.resolve({}) }),
  };
  console_ = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const handler = routes[`${req.method} ${url.pathname}`];
    if (!handler) return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    headers.set("x-forwarded-for", req.socket.remoteAddress ?? "127.0.0.1");
    const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => console_.listen(0, "127.0.0.1", resolve));
  return (console_.address() as AddressInfo).port;
}

async function skopeo(args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run("skopeo", ["--insecure-policy", ...args], { timeout: 60_000, env: { ...process.env, HOME: dir, TMPDIR: dir } });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? e.message}` };
  }
}

const push = (creds: string, target: string) =>
  skopeo(["copy", "--dest-tls-verify=false", "--dest-creds", creds, `oci:${image.dir}:v1`, `docker://${registryHost}/${target}`]);
const inspect = (creds: string | null, target: string) =>
  skopeo(["inspect", "--tls-verify=false", ...(creds ? ["--creds", creds] : ["--no-creds"]), `docker://${registryHost}/${target}`]);

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last saw ${JSON.stringify(value)}\nregistry log:\n${registryLog.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const repositoriesOf = async (session: string) =>
  (await call(listRepositories, "GET", "/api/v1/tenants/acme/repositories", { session, params: { tenant: "acme" } })).body;

beforeAll(async () => {
  harness = await startApiHarness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-registry-"));
  const registryPort = await freePort();
  registryHost = `127.0.0.1:${registryPort}`;
  setRegistrySettingsForTests({ dataDir: dir, registryUrl: `http://${registryHost}`, service: "apiary-test-registry", eventsSecret: SECRET, anonymousPull: false });
  const consolePort = await serveConsole();
  const { certPath } = await ensureTokenSigningKey(dir);
  const config = writeRegistryConfig(dir, registryPort, {
    tokenRealm: `http://127.0.0.1:${consolePort}/api/v1/registry/token`,
    service: "apiary-test-registry",
    issuer: REGISTRY_TOKEN_ISSUER,
    rootCertBundle: certPath,
    eventsUrl: `http://127.0.0.1:${consolePort}/api/v1/registry/events`,
    eventsSecret: SECRET,
  });
  registry = spawn("docker-registry", ["serve", config], { stdio: ["ignore", "pipe", "pipe"] });
  registry.stdout!.on("data", (chunk) => (registryLog += chunk));
  registry.stderr!.on("data", (chunk) => (registryLog += chunk));
  await eventually(
    () => fetch(`http://${registryHost}/v2/`).then((r) => r.status, () => 0),
    (status) => status === 401,
    "the registry to ask for a token",
  );
  alice = (await call(signup, "POST", "/api/v1/signup", { body: { ...ALICE, name: "Alice", tenantName: "Acme" } })).sessionToken!;
  bob = (await call(signup, "POST", "/api/v1/signup", { body: { ...BOB, name: "Bob", tenantName: "Globex" } })).sessionToken!;
  image = writeOciLayout(path.join(dir, "oci"), "v1");
});

afterAll(async () => {
  registry?.kill("SIGTERM");
  await new Promise((resolve) => console_?.close(resolve));
  setRegistrySettingsForTests(undefined);
  await harness?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("image hub against the real registry and skopeo", () => {
  it("a push with email and password shows up as repository and tag, with the image's size, pusher and time", async () => {
    const before = Date.now();
    const pushed = await push(`${ALICE.email}:${ALICE.password}`, "acme/web:v1");
    expect(pushed.ok, pushed.output + registryLog.slice(-2000)).toBe(true);
    const list = await eventually(() => repositoriesOf(alice), (body) => body.items?.[0]?.tagCount === 1, "the push event");
    expect(list.items[0]).toMatchObject({ name: "web", fullName: "acme/web", public: false, pushCount: 1 });
    // Apiary reads the manifest to learn the image's size: that read is not a pull.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await repositoriesOf(alice)).items[0].pullCount).toBe(0);
    expect(new Date(list.items[0].lastPushedAt).getTime()).toBeGreaterThanOrEqual(before - 2000);
    const tags = await call(listTags, "GET", "/api/v1/tenants/acme/repositories/web/tags", { session: alice, params: { tenant: "acme", repo: "web" } });
    expect(tags.body.items).toEqual([
      expect.objectContaining({ tag: "v1", digest: image.manifestDigest, sizeBytes: image.totalBytes, pushedBy: ALICE.email, mediaType: "application/vnd.oci.image.manifest.v1+json" }),
    ]);
  });

  it("the tag carries its layers and platform, read from the manifest and config when the push arrived", async () => {
    const tags = await call(listTags, "GET", "/api/v1/tenants/acme/repositories/web/tags", { session: alice, params: { tenant: "acme", repo: "web" } });
    expect(tags.body.items[0]).toMatchObject({
      os: "linux",
      architecture: "amd64",
      layers: [{ digest: image.layerDigest, sizeBytes: image.layerBytes, mediaType: "application/vnd.oci.image.layer.v1.tar+gzip" }],
    });
  });

  it("a pull with skopeo counts as a pull", async () => {
    const before = (await repositoriesOf(alice)).items[0].pullCount;
    const pulled = await inspect(`${ALICE.email}:${ALICE.password}`, "acme/web:v1");
    expect(pulled.ok, pulled.output).toBe(true);
    expect(pulled.output).toContain(image.manifestDigest);
    await eventually(() => repositoriesOf(alice), (body) => body.items[0].pullCount > before, "the pull event");
  });

  it("another tenant's credentials cannot push or pull a private repository; a public one they can pull", async () => {
    const refusedPush = await push(`${BOB.email}:${BOB.password}`, "acme/web:bob");
    expect(refusedPush.ok).toBe(false);
    expect(refusedPush.output).toMatch(/denied|unauthorized|401|403/i);
    expect((await inspect(`${BOB.email}:${BOB.password}`, "acme/web:v1")).ok).toBe(false);
    expect((await inspect(null, "acme/web:v1")).ok).toBe(false);
    expect((await inspect(`${ALICE.email}:wrong password`, "acme/web:v1")).ok).toBe(false);

    const made = await call(updateRepository, "PATCH", "/api/v1/tenants/acme/repositories/web", { session: alice, params: { tenant: "acme", repo: "web" }, body: { public: true } });
    expect(made.body.public).toBe(true);
    expect((await inspect(`${BOB.email}:${BOB.password}`, "acme/web:v1")).ok).toBe(true);
    // Public means pullable, never pushable, by outsiders; and anonymous pulls stay off unless the operator allows them.
    expect((await push(`${BOB.email}:${BOB.password}`, "acme/web:bob")).ok).toBe(false);
    expect((await inspect(null, "acme/web:v1")).ok).toBe(false);
  });

  it("the catalogue lists public repositories to other tenants, who can star them; private ones stay hidden", async () => {
    const catalogue = (session: string | null, query = "") =>
      call(listCatalogue, "GET", `/api/v1/catalogue${query}`, session ? { session } : {});
    expect((await catalogue(null)).status).toBe(401);
    const seen = await catalogue(bob, "?q=acme/w&sort=stars");
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ total: 1, registryHost, items: [{ tenant: "acme", name: "web", fullName: "acme/web", tagCount: 1, latestTag: "v1", starCount: 0, starred: false }] });
    expect(seen.body.items[0].pullCount).toBeGreaterThan(0);

    const starredByBob = await call(starFromCatalogue, "PUT", "/api/v1/catalogue/acme/web/star", { session: bob, params: { tenant: "acme", repo: "web" } });
    expect(starredByBob.body).toEqual({ starred: true, starCount: 1 });
    // One star per person: starring again changes nothing.
    expect((await call(starFromCatalogue, "PUT", "/api/v1/catalogue/acme/web/star", { session: bob, params: { tenant: "acme", repo: "web" } })).body).toEqual({ starred: true, starCount: 1 });
    expect((await call(starRepository, "PUT", "/api/v1/tenants/acme/repositories/web/star", { session: alice, params: { tenant: "acme", repo: "web" } })).body).toEqual({ starred: true, starCount: 2 });
    expect((await repositoriesOf(alice)).items.find((r: { name: string }) => r.name === "web")).toMatchObject({ starCount: 2, starred: true });
    expect((await catalogue(bob, "?q=web")).body.items[0]).toMatchObject({ starCount: 2, starred: true });
    expect((await call(unstarFromCatalogue, "DELETE", "/api/v1/catalogue/acme/web/star", { session: bob, params: { tenant: "acme", repo: "web" } })).body).toEqual({ starred: false, starCount: 1 });

    await call(updateRepository, "PATCH", "/api/v1/tenants/acme/repositories/web", { session: alice, params: { tenant: "acme", repo: "web" }, body: { public: false } });
    expect((await catalogue(bob)).body.total).toBe(0);
    expect((await call(starFromCatalogue, "PUT", "/api/v1/catalogue/acme/web/star", { session: bob, params: { tenant: "acme", repo: "web" } })).status).toBe(404);
    expect((await call(starRepository, "PUT", "/api/v1/tenants/acme/repositories/web/star", { session: bob, params: { tenant: "acme", repo: "web" } })).status).toBe(404);
  });

  it("an API key works as the password with its role: a developer key pushes, a viewer key only pulls", async () => {
    const developer = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: alice, params: { tenant: "acme" }, body: { name: "ci", role: "developer" } });
    const viewer = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: alice, params: { tenant: "acme" }, body: { name: "reader", role: "viewer" } });
    const pushed = await push(`ci:${developer.body.key}`, "acme/api:v1");
    expect(pushed.ok, pushed.output).toBe(true);
    expect((await push(`reader:${viewer.body.key}`, "acme/api:v2")).ok).toBe(false);
    expect((await inspect(`reader:${viewer.body.key}`, "acme/api:v1")).ok).toBe(true);
    const tags = await eventually(
      () => call(listTags, "GET", "/api/v1/tenants/acme/repositories/api/tags", { session: alice, params: { tenant: "acme", repo: "api" } }),
      (r) => r.status === 200 && r.body.items.length === 1,
      "the API key's push",
    );
    expect(tags.body.items[0].pushedBy).toBe("api-key:ci");
  });

  it("the reconcile restores what the registry has and the database lost, and drops tags the registry no longer has", async () => {
    // Let the notifications of the earlier pulls land first.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { db } = await getDatabase();
    const [acme] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, "acme"));
    const [web] = await db.select({ id: repositories.id }).from(repositories).where(and(eq(repositories.tenantId, acme.id), eq(repositories.name, "web")));
    // As if the notifications for acme/api never arrived, and a delete of web:ghost was lost.
    await db.delete(repositories).where(and(eq(repositories.tenantId, acme.id), eq(repositories.name, "api")));
    await db.insert(repositoryTags).values({ repositoryId: web.id, tag: "ghost", digest: "sha256:" + "0".repeat(64), sizeBytes: 1, pushedAt: new Date() });

    const result = await reconcileRegistryCatalogue();
    expect(result).toMatchObject({ repositoriesAdded: 1, tagsAdded: 1, tagsRemoved: 1 });
    const api = await call(listTags, "GET", "/api/v1/tenants/acme/repositories/api/tags", { session: alice, params: { tenant: "acme", repo: "api" } });
    expect(api.body.items).toEqual([expect.objectContaining({ tag: "v1", digest: image.manifestDigest, sizeBytes: image.totalBytes, os: "linux", architecture: "amd64", pushedBy: null })]);
    const webTags = await call(listTags, "GET", "/api/v1/tenants/acme/repositories/web/tags", { session: alice, params: { tenant: "acme", repo: "web" } });
    expect(webTags.body.items.map((t: { tag: string }) => t.tag)).toEqual(["v1"]);
    // A second run finds nothing to do, and the reconcile's own reads of the registry never count as pulls.
    const pullsBefore = (await repositoriesOf(alice)).items.map((r: { pullCount: number }) => r.pullCount);
    expect(await reconcileRegistryCatalogue()).toEqual({ repositoriesAdded: 0, tagsAdded: 0, tagsRemoved: 0, detailsFilled: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await repositoriesOf(alice)).items.map((r: { pullCount: number }) => r.pullCount)).toEqual(pullsBefore);
  });

  it("deleting a tag deletes the manifest in the registry and the record", async () => {
    const deleted = await call(deleteTag, "DELETE", "/api/v1/tenants/acme/repositories/web/tags/v1", { session: alice, params: { tenant: "acme", repo: "web", tag: "v1" } });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    const gone = await inspect(`${ALICE.email}:${ALICE.password}`, "acme/web:v1");
    expect(gone.ok).toBe(false);
    expect(gone.output).toMatch(/manifest unknown|not found/i);
    const tags = await call(listTags, "GET", "/api/v1/tenants/acme/repositories/web/tags", { session: alice, params: { tenant: "acme", repo: "web" } });
    expect(tags.body.items).toEqual([]);
  });
});
