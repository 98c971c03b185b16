import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";

import { writeOciLayout } from "@/scripts/test-support/oci-image-layout";

import { runSqlmap, runWapiti, WAPITI_LEVELS, type SqlmapResult, type SqlmapTarget } from "./fixtures/security-scanners";
import { newTestAccount, signUpViaApi, type TestAccount } from "./fixtures/sign-up-via-api";
import { registryHost, skopeo } from "./fixtures/skopeo";

// Issue 9, hostile input: Debian's sqlmap and wapiti run against the production console with a signed-in session
// and a seeded tenant (a pushed repository, two deployments, an API key, a billing history), and neither finds
// anything rated high. sqlmap tests the query parameters, path segments and JSON bodies that reach PostgreSQL;
// wapiti crawls the console's pages and API from the tenant's screens and attacks what it finds (SQL, command and
// file injection, reflected and stored XSS, CRLF, open redirect, SSRF) and rates the headers and CSP.
// Each tool's own verdict is used: sqlmap's identified injection points, wapiti's JSON report by level.

test.describe.configure({ mode: "serial" });

type Seeded = { account: TestAccount; slug: string; cookie: string; api: APIRequestContext; deploymentCursor: string; transactionCursor: string | null; auditCursor: string };
let seeded: Seeded;
let workDir: string;

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(180_000);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-e2e-security-"));
  const account = newTestAccount("Scan");
  const api = await playwrightRequest.newContext({ baseURL });
  const slug = await signUpViaApi(api, baseURL!, account);
  const origin = new URL(baseURL!).origin;

  // A repository in the hub (pushed with skopeo as a user's CI would), made public so the catalogue lists it.
  const image = writeOciLayout(path.join(workDir, "oci"), "v1");
  const pushed = await skopeo(workDir, ["copy", "--dest-tls-verify=false", "--dest-creds", `${account.email}:${account.password}`, `oci:${image.dir}:v1`, `docker://${registryHost}/${slug}/web:v1`]);
  expect(pushed.ok, pushed.output).toBe(true);
  await expect
    .poll(async () => (await api.patch(`/api/v1/tenants/${slug}/repositories/web`, { data: { public: true, description: "scanned" }, headers: { origin } })).status(), { timeout: 30_000 })
    .toBe(200);

  // Two deployments (so the list has a second page and a real cursor) and an API key.
  for (const name of ["web", "api"]) {
    const created = await api.post(`/api/v1/tenants/${slug}/deployments`, { data: { spec: { name, image: `${registryHost}/${slug}/web:v1`, replicas: 1 } }, headers: { origin } });
    expect(created.status(), await created.text()).toBe(201);
  }
  const key = await api.post(`/api/v1/tenants/${slug}/api-keys`, { data: { name: "scanner", role: "viewer" }, headers: { origin } });
  expect(key.status(), await key.text()).toBe(201);

  const nextCursor = async (url: string) => ((await (await api.get(url)).json()) as { nextCursor: string | null }).nextCursor;
  let deploymentCursor: string | null = null;
  await expect.poll(async () => (deploymentCursor = await nextCursor(`/api/v1/tenants/${slug}/deployments?limit=1`)), { timeout: 30_000 }).not.toBeNull();
  const auditCursor = await nextCursor(`/api/v1/tenants/${slug}/audit?limit=1`);
  expect(auditCursor).not.toBeNull();
  const transactionCursor = await nextCursor(`/api/v1/tenants/${slug}/billing/transactions?limit=1`);

  const session = (await api.storageState()).cookies.find((c) => c.name === "apiary_session");
  expect(session, "the sign-up set the session cookie").toBeDefined();
  seeded = { account, slug, cookie: `apiary_session=${session!.value}`, api, deploymentCursor: deploymentCursor!, transactionCursor, auditCursor: auditCursor! };
});

test.afterAll(async () => {
  await seeded?.api.dispose();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test("sqlmap finds no injectable parameter in the query strings, path segments and JSON bodies", async ({ baseURL }) => {
  test.setTimeout(420_000);
  const { slug, account } = seeded;
  const tenant = `${baseURL}/api/v1/tenants/${slug}`;
  const page = (params: Record<string, string | null>) =>
    new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== null)).toString();
  const targets: SqlmapTarget[] = [
    // The session cookie too: its token is looked up in the sessions table. A mangled one is answered 401.
    {
      label: "deployments list",
      url: `${tenant}/deployments?${page({ q: "web", status: "available", limit: "1", cursor: seeded.deploymentCursor })}`,
      only: ["q", "status", "limit", "cursor", "apiary_session"],
      ignoreCodes: [401],
    },
    { label: "repositories list", url: `${tenant}/repositories?${page({ q: "we", sort: "last_push", limit: "10" })}`, only: ["q", "sort", "limit"] },
    { label: "catalogue", url: `${baseURL}/api/v1/catalogue?${page({ q: `${slug}/we`, sort: "stars", limit: "10" })}`, only: ["q", "sort", "limit"] },
    {
      label: "transactions",
      url: `${tenant}/billing/transactions?${page({ limit: "1", cursor: seeded.transactionCursor })}`,
      only: seeded.transactionCursor ? ["limit", "cursor"] : ["limit"],
    },
    { label: "audit log", url: `${tenant}/audit?${page({ limit: "1", cursor: seeded.auditCursor })}`, only: ["limit", "cursor"] },
    // Path segments (sqlmap's `*` markers): the tenant slug (membership lookup) and the repository name (the hub's tables).
    { label: "repository path", url: `${baseURL}/api/v1/tenants/${slug}*/repositories/web*/tags`, only: ["#1*", "#2*"] },
    // Sign-in: the email reaches the users table. 401 is the answer to a wrong password, not an error of the scan.
    { label: "sign-in email", url: `${baseURL}/api/v1/session`, json: { email: account.email, password: "not the password" }, only: ["email"], ignoreCodes: [401] },
    // The password, with a new address for every request, so the per-account sign-in limit (10 per 15 minutes)
    // does not turn the whole test into 429s.
    {
      label: "sign-in password",
      url: `${baseURL}/api/v1/session`,
      json: { email: account.email, password: "not the password" },
      only: ["password"],
      evalCode: "import random; email='scan-%d@example.test' % random.randint(0, 10**12)",
      ignoreCodes: [401],
    },
    // A JSON body written to the database and read back: the API key's name.
    { label: "API key name", url: `${tenant}/api-keys`, json: { name: "scanner", role: "viewer" }, only: ["name"] },
  ];

  const results: SqlmapResult[] = [];
  for (const target of targets) {
    results.push(await runSqlmap(target, { workDir: path.join(workDir, "sqlmap"), cookie: seeded.cookie, origin: new URL(baseURL!).origin, timeoutMs: 120_000 }));
  }

  const lines = results.map(
    (r) =>
      `  ${r.label.padEnd(18)} ${String(r.requests).padStart(5)} requests, parameters clean: ${r.clean.join(", ") || "-"}` +
      `${r.injectable.length ? `, INJECTABLE: ${r.injectable.join(" | ")}` : ""}${r.tentative.length ? `, unconfirmed: ${r.tentative.length}` : ""}` +
      `${r.httpErrors.length ? `, HTTP errors: ${r.httpErrors.join(", ")}` : ""}${r.ok ? "" : " (did not finish)"}`,
  );
  const total = results.reduce((sum, r) => sum + r.requests, 0);
  console.log(`sqlmap: ${targets.length} targets, ${total} requests, ${results.reduce((n, r) => n + r.clean.length, 0)} parameters tested\n${lines.join("\n")}`);

  for (const r of results) {
    expect(r.ok, `sqlmap did not finish testing ${r.label}:\n${r.output.slice(-3000)}`).toBe(true);
    expect(r.injectable, `sqlmap found an injection in ${r.label}:\n${r.output.slice(-3000)}`).toEqual([]);
    expect(r.clean.length, `sqlmap tested no parameter of ${r.label}`).toBeGreaterThan(0);
    // A hostile value is a 4xx, never a 500.
    expect(r.httpErrors.filter((e) => e.startsWith("5")), `${r.label}: server errors under sqlmap`).toEqual([]);
  }
});

test("wapiti finds nothing rated high on the console's pages and API", async ({ baseURL }) => {
  test.setTimeout(420_000);
  const { slug } = seeded;
  const base = baseURL!;
  const tenantApi = `${base}/api/v1/tenants/${slug}`;
  const result = await runWapiti({
    workDir: path.join(workDir, "wapiti"),
    baseURL: base,
    cookie: seeded.cookie,
    startUrls: [
      `${base}/${slug}`,
      `${base}/${slug}/deployments`,
      `${base}/${slug}/deployments/web`,
      `${base}/${slug}/images`,
      `${base}/${slug}/images/web`,
      `${base}/${slug}/catalogue?q=web`,
      `${base}/${slug}/billing`,
      `${base}/${slug}/settings`,
      `${base}/sign-in?next=/${slug}`,
      `${tenantApi}/deployments?q=web&status=available&limit=1&cursor=${encodeURIComponent(seeded.deploymentCursor)}`,
      `${tenantApi}/deployments/web/pods`,
      `${tenantApi}/deployments/web/events`,
      `${tenantApi}/repositories?q=we&sort=name&limit=10`,
      `${tenantApi}/repositories/web/tags?limit=10`,
      `${tenantApi}/audit?limit=1&cursor=${encodeURIComponent(seeded.auditCursor)}`,
      `${tenantApi}/billing/transactions?limit=5`,
      `${tenantApi}/billing/usage?range=24h`,
      `${tenantApi}/metrics?target=deployment/web&range=1h`,
      `${base}/api/v1/catalogue?q=web&sort=stars&limit=10`,
    ],
    modules: ["sql", "exec", "xss", "crlf", "file", "redirect", "ssrf", "permanentxss", "http_headers", "csp", "cookieflags"],
    timeoutMs: 360_000,
  });

  const byLevel = new Map<string, string[]>();
  for (const f of result.findings) {
    const level = WAPITI_LEVELS[f.level] ?? String(f.level);
    byLevel.set(level, [...(byLevel.get(level) ?? []), `${f.kind} "${f.category}" ${f.method} ${f.path}${f.parameter ? ` [${f.parameter}]` : ""}: ${f.info.split("\n")[0]}`]);
  }
  const summary = [...WAPITI_LEVELS].reverse().map((level) => `  ${level}: ${byLevel.get(level)?.length ?? 0}${(byLevel.get(level) ?? []).map((line) => `\n    - ${line}`).join("")}`);
  console.log(`wapiti: ${result.crawled} resources attacked, SSRF endpoint hits: ${result.ssrfHits.length}\n${summary.join("\n")}`);

  expect(result.ok, `wapiti did not produce its report:\n${result.output.slice(-3000)}`).toBe(true);
  expect(result.crawled, "wapiti attacked nothing").toBeGreaterThan(5);
  expect(result.ssrfHits, "the server fetched a URL the scanner supplied").toEqual([]);
  // Low findings are printed, not failed. The two wapiti 3.0.4 reports against this console are by design:
  // "X-XSS-Protection is not set" (browsers removed the XSS auditor it controlled; the CSP is the protection) and
  // "Strict-Transport-Security is not set" (the scan is over plain http on 127.0.0.1, where browsers ignore HSTS;
  // over https proxy.ts sends it). A 500 is an "Internal Server Error" anomaly rated high, so it fails here.
  const high = result.findings.filter((f) => f.level >= 3);
  expect(high, `wapiti rated these high or critical:\n${high.map((f) => `${f.category} ${f.method} ${f.path} [${f.parameter}] ${f.info}`).join("\n")}`).toEqual([]);
});
