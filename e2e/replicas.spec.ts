import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { createPostgresTestDatabase } from "../scripts/test-support/postgres-test-database";
import { startRoundRobinProxy, type RoundRobinProxy } from "./fixtures/round-robin-proxy";
import { newTestAccount, signUpViaApi } from "./fixtures/sign-up-via-api";
import { freePort } from "../scripts/test-support/free-port";
import { readSseNotices } from "../scripts/test-support/read-sse-notices";

// Several replicas (issue 9): two production Apiary servers on one PostgreSQL database and the machine's Redis,
// behind a small round-robin load balancer, on the cluster and registry of the e2e server. A change made through
// one replica reaches an SSE client of the other, the sign-in limit is counted across both, exactly one of them
// runs the metrics collector and one the billing meter, and when the holder is killed with SIGKILL the other
// takes the leases over within the 30 s the issue asks (the seconds are printed).

// Playwright runs from the repository root, as the e2e server does (`rm -rf .data-e2e && npm start`).
const ROOT = process.cwd();
const DATA_DIR = path.join(ROOT, ".data-e2e");
const REDIS_URL = process.env.APIARY_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const REGISTRY_URL = `http://127.0.0.1:${process.env.APIARY_E2E_REGISTRY_PORT ?? "5100"}`;
const ADMIN = { email: "replicas-admin@example.test", password: "e2e replicas operator password" };
const SIGNIN_LIMIT_PER_ACCOUNT = 4;
const HANDOVER_LIMIT_S = 30;

interface Replica {
  name: string;
  url: string;
  child: ChildProcess;
  output: string[];
}


function startReplica(name: string, port: number, env: Record<string, string>): Replica {
  // The standalone server exactly as `npm start` runs it (scripts/start.ts), with absolute paths: it changes directory.
  const child = spawn(process.execPath, [path.join(ROOT, ".next/standalone/server.js")], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: "", NODE_ENV: "production", PORT: String(port), HOSTNAME: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split("\n").filter(Boolean));
    output.splice(0, Math.max(0, output.length - 200));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { name, url: `http://127.0.0.1:${port}`, child, output };
}

async function waitReady(replica: Replica): Promise<void> {
  await expect
    .poll(
      async () => {
        if (replica.child.exitCode !== null) throw new Error(`${replica.name} exited with ${replica.child.exitCode}:\n${replica.output.join("\n")}`);
        try {
          return (await fetch(`${replica.url}/api/v1/readyz`)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 120_000, intervals: [500], message: `${replica.name} answers readyz` },
    )
    .toBe(200);
}

async function stopReplica(replica: Replica | undefined): Promise<void> {
  if (!replica || replica.child.exitCode !== null || replica.child.signalCode !== null) return;
  const exited = new Promise((resolve) => replica.child.once("exit", resolve));
  replica.child.kill("SIGTERM");
  const timer = setTimeout(() => replica.child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The signed-in cookies of a request context, as a Cookie header (cookies are per host, not per port). */
async function cookieHeader(context: APIRequestContext): Promise<string> {
  return (await context.storageState()).cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

type Notice = { type: string; resource: string | null; name: string | null };

/** Reads a tenant's SSE stream from one replica and keeps every notice. */
function openStream(url: string, cookie: string): { notices: Notice[]; opened: Promise<number>; close(): void } {
  const controller = new AbortController();
  const notices: Notice[] = [];
  const opened = fetch(url, { headers: { cookie, accept: "text/event-stream" }, signal: controller.signal }).then((response) => {
    // Closed by the test: the read then fails, which ends it.
    readSseNotices<Notice>(response.body!, (notice) => notices.push(notice)).catch(() => undefined);
    return response.status;
  });
  return { notices, opened, close: () => controller.abort() };
}

test.describe("two replicas behind a load balancer", () => {
  let database: Awaited<ReturnType<typeof createPostgresTestDatabase>> | undefined;
  let balancer: RoundRobinProxy | undefined;
  let a: Replica | undefined;
  let b: Replica | undefined;
  let sql: pg.Client | undefined;

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    database = await createPostgresTestDatabase();
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const [portA, portB, portBalancer] = [await freePort(), await freePort(), await freePort()];
    balancer = await startRoundRobinProxy([`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`], portBalancer);
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      APIARY_DATA_DIR: DATA_DIR,
      KUBECONFIG: path.join(DATA_DIR, "kubeconfig"),
      REGISTRY_URL,
      APIARY_PUBLIC_URL: balancer.url,
      APIARY_TRUSTED_PROXY_HOPS: "1",
      APIARY_SIGNUP_LIMIT_PER_IP: "1000",
      APIARY_SIGNIN_LIMIT_PER_IP: "1000",
      APIARY_SIGNIN_LIMIT_PER_ACCOUNT: String(SIGNIN_LIMIT_PER_ACCOUNT),
      APIARY_ADMIN_EMAIL: ADMIN.email,
      APIARY_ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: "warn",
    };
    // One after the other: the first migrates the new database and creates the platform admin.
    a = startReplica("replica A", portA, env);
    await waitReady(a);
    b = startReplica("replica B", portB, env);
    await waitReady(b);
  });

  test.afterAll(async () => {
    await Promise.all([stopReplica(a), stopReplica(b)]);
    await balancer?.close();
    await sql?.end();
    await database?.drop();
  });

  test("a change through one replica reaches the other's SSE clients, the sign-in limit is shared, and one replica holds each lease until it is killed", async () => {
    test.setTimeout(300_000);
    const replicaA = a!;
    const replicaB = b!;

    // A tenant signed up through the load balancer; its session works on both replicas (one database).
    const tenant = await playwrightRequest.newContext({ baseURL: balancer!.url });
    const account = newTestAccount("Replicas");
    const slug = await signUpViaApi(tenant, balancer!.url, account);
    const cookie = await cookieHeader(tenant);

    await test.step("a workload created through replica A reaches an SSE client of replica B", async () => {
      const stream = openStream(`${replicaB.url}/api/v1/tenants/${slug}/events`, cookie);
      try {
        await expect.poll(() => stream.opened, { timeout: 60_000 }).toBe(200);
        const created = await tenant.post(`${replicaA.url}/api/v1/tenants/${slug}/deployments`, {
          data: { spec: { name: "replicated", image: `${new URL(REGISTRY_URL).host}/${slug}/replicated:v1`, replicas: 1 } },
          headers: { origin: replicaA.url },
        });
        expect(created.status(), await created.text()).toBe(201);
        await expect.poll(() => stream.notices.some((notice) => notice.resource === "workload" && notice.name === "replicated"), { timeout: 30_000 }).toBe(true);
      } finally {
        stream.close();
      }
    });

    await test.step("a balance change made through replica A reaches an SSE client of replica B (Redis pub/sub)", async () => {
      const stream = openStream(`${replicaB.url}/api/v1/tenants/${slug}/events`, cookie);
      const admin = await playwrightRequest.newContext({ baseURL: replicaA.url, extraHTTPHeaders: { origin: replicaA.url } });
      try {
        await expect.poll(() => stream.opened, { timeout: 60_000 }).toBe(200);
        const signedIn = await admin.post("/api/v1/session", { data: ADMIN });
        expect(signedIn.ok(), await signedIn.text()).toBe(true);
        const before = stream.notices.length;
        const credit = await admin.post("/api/v1/ops/billing/credits", {
          data: { tenant: slug, amountMinor: "250", reason: "e2e: a credit posted on replica A" },
          headers: { "Idempotency-Key": crypto.randomUUID() },
        });
        expect(credit.ok(), await credit.text()).toBe(true);
        await expect.poll(() => stream.notices.slice(before).some((notice) => notice.resource === "balance"), { timeout: 15_000 }).toBe(true);
      } finally {
        stream.close();
        await admin.dispose();
      }
    });

    await test.step(`the sign-in limit (${SIGNIN_LIMIT_PER_ACCOUNT} per account) is counted across both replicas, then 429`, async () => {
      const guesser = await playwrightRequest.newContext({ baseURL: balancer!.url, extraHTTPHeaders: { origin: balancer!.url } });
      try {
        const servedBy = new Set<string>();
        for (let attempt = 0; attempt < SIGNIN_LIMIT_PER_ACCOUNT; attempt++) {
          const wrong = await guesser.post("/api/v1/session", { data: { email: account.email, password: `wrong guess ${attempt}` } });
          expect(wrong.status(), await wrong.text()).toBe(401);
          servedBy.add(wrong.headers()["x-upstream"]!);
        }
        // Round robin: each replica answered half; alone, each would still allow its own four.
        expect([...servedBy].sort()).toEqual(["0", "1"]);
        const refused = await guesser.post("/api/v1/session", { data: { email: account.email, password: account.password } });
        expect(refused.status(), await refused.text()).toBe(429);
        expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
      } finally {
        await guesser.dispose();
      }
    });

    const pids = new Map([
      [replicaA.child.pid!, replicaA],
      [replicaB.child.pid!, replicaB],
    ]);
    /** The live holder of each lease, as the replica it names (holders are `<host>-<pid>-<random>`). */
    const liveHolders = async (): Promise<Record<string, string | null>> => {
      const { rows } = await sql!.query<{ name: string; holder: string }>("select name, holder from leases where expires_at > now() and name in ('metrics-collector', 'billing-meter')");
      const holders: Record<string, string | null> = { "metrics-collector": null, "billing-meter": null };
      for (const row of rows) holders[row.name] = pids.get(Number(/-(\d+)-[0-9a-f]{8}$/.exec(row.holder)?.[1]))?.name ?? `unknown holder ${row.holder}`;
      return holders;
    };

    let before: Record<string, string | null> = {};
    await test.step("exactly one replica holds the metrics collector's lease and one the billing meter's", async () => {
      await expect
        .poll(async () => Object.values((before = await liveHolders())).every((holder) => holder === replicaA.name || holder === replicaB.name), { timeout: 60_000 })
        .toBe(true);
      console.log(`lease holders: ${JSON.stringify(before)}`);
    });

    await test.step("kill -9 the collector's holder: the other replica takes over within 30 s", async () => {
      const victim = before["metrics-collector"] === replicaA.name ? replicaA : replicaB;
      const survivor = victim === replicaA ? replicaB : replicaA;
      const killedAt = Date.now();
      victim.child.kill("SIGKILL");
      const takenOver: Record<string, number> = {};
      await expect
        .poll(
          async () => {
            const now = await liveHolders();
            for (const [lease, holder] of Object.entries(now)) if (holder === survivor.name && takenOver[lease] === undefined) takenOver[lease] = (Date.now() - killedAt) / 1000;
            return Object.values(now).every((holder) => holder === survivor.name);
          },
          { timeout: 60_000, intervals: [250] },
        )
        .toBe(true);
      for (const [lease, seconds] of Object.entries(takenOver)) {
        const handedOver = before[lease] === victim.name;
        console.log(`${lease}: ${handedOver ? `handed over to ${survivor.name} ${seconds.toFixed(1)} s after kill -9 of ${victim.name}` : `stayed with ${survivor.name}`}`);
        if (handedOver) expect(seconds).toBeLessThanOrEqual(HANDOVER_LIMIT_S);
      }
      // The load balancer skips the dead replica; the console answers.
      const health = await fetch(`${balancer!.url}/api/v1/healthz`);
      expect(health.status).toBe(200);
    });
    await tenant.dispose();
  });
});
