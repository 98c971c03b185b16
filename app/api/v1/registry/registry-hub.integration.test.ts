import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as receiveEvents } from "@/app/api/v1/registry/events/route";
import { GET as registryToken } from "@/app/api/v1/registry/token/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as createKey } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import { PATCH as updateRepository } from "@/app/api/v1/tenants/[tenant]/repositories/[repo]/route";
import { DELETE as deleteTag } from "@/app/api/v1/tenants/[tenant]/repositories/[repo]/tags/[tag]/route";
import { GET as listTags } from "@/app/api/v1/tenants/[tenant]/repositories/[repo]/tags/route";
import { GET as listRepositories } from "@/app/api/v1/tenants/[tenant]/repositories/route";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { writeRegistryConfig } from "@/scripts/start/registry-config";
import { REGISTRY_TOKEN_ISSUER, setRegistrySettingsForTests } from "@/lib/server/registry/registry-settings";
import { ensureTokenSigningKey } from "@/lib/server/registry/token-signing-key";

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
let image: { dir: string; manifestDigest: string; totalBytes: number };

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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

/** One-file ustar archive: a 512-byte header, the content padded to 512, and two zero blocks. */
function tarWithOneFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value.padEnd(length, "\0").slice(0, length), offset, "latin1");
  field(0, 100, name);
  field(100, 8, "0000644");
  field(108, 8, "0000000");
  field(116, 8, "0000000");
  field(124, 12, content.length.toString(8).padStart(11, "0"));
  field(136, 12, "00000000000");
  field(148, 8, "        ");
  field(156, 1, "0");
  field(257, 6, "ustar");
  field(263, 2, "00");
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  field(148, 8, `${checksum.toString(8).padStart(6, "0")}\0 `);
  const padded = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  content.copy(padded);
  return Buffer.concat([header, padded, Buffer.alloc(1024)]);
}

/** An OCI image layout with one image tagged v1: a config blob and one gzipped tar layer. */
function writeOciLayout(root: string): typeof image {
  const blobs = path.join(root, "blobs", "sha256");
  fs.mkdirSync(blobs, { recursive: true });
  const put = (bytes: Buffer) => {
    const hex = createHash("sha256").update(bytes).digest("hex");
    fs.writeFileSync(path.join(blobs, hex), bytes);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  const tar = tarWithOneFile("hello.txt", Buffer.from(`hello from the apiary test ${Date.now()}\n`));
  const layer = put(gzipSync(tar));
  const diffId = `sha256:${createHash("sha256").update(tar).digest("hex")}`;
  const config = put(Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", config: {}, rootfs: { type: "layers", diff_ids: [diffId] } })));
  const manifestBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", ...config },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", ...layer }],
    }),
  );
  const manifest = put(manifestBytes);
  fs.writeFileSync(path.join(root, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  fs.writeFileSync(
    path.join(root, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", ...manifest, annotations: { "org.opencontainers.image.ref.name": "v1" } }],
    }),
  );
  return { dir: root, manifestDigest: manifest.digest, totalBytes: manifest.size + config.size + layer.size };
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
  await call(signup, "POST", "/api/v1/signup", { body: { ...BOB, name: "Bob", tenantName: "Globex" } });
  image = writeOciLayout(path.join(dir, "oci"));
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
