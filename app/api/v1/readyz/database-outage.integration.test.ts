import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as webhook } from "@/app/api/v1/billing/webhooks/[provider]/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { GET as getBalance } from "@/app/api/v1/tenants/[tenant]/billing/balance/route";
import { GET as getTransactions } from "@/app/api/v1/tenants/[tenant]/billing/transactions/route";
import { signTestPayload } from "@/lib/server/billing/test-payment-provider";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "@/lib/server/db/database";
import { setDatabaseForTests } from "@/lib/server/db/get-database";
import { resetEnvForTests } from "@/lib/server/env";
import { setAuthRateLimitsForTests } from "@/lib/server/http/rate-limit";
import { setKubeconfigPathForTests } from "@/lib/server/kubernetes/kube-config";
import { call, type CallResult } from "@/scripts/test-support/api-test-harness";
import { startFakeKubernetes, type FakeKubernetes } from "@/scripts/test-support/fake-kubernetes";
import { findLedgerViolations } from "@/scripts/test-support/ledger-invariants";
import { startThrowawayPostgres, type ThrowawayPostgres } from "@/scripts/test-support/throwaway-postgres";
import { GET as readyz } from "./route";

// The console's own PostgreSQL server is stopped and started again while traffic runs (reads, ledger writes from
// payment webhooks, readiness probes). A private server is used so the machine's shared one is never stopped.
// While it is down every request that needs it answers 503 with Retry-After in the error shape — never a 500; the
// ledger holds its invariants; after it is back the same process serves again, with no restart.

const SECRET = "outage-test-secret-0123456789";
let server: ThrowawayPostgres;
let database: DatabaseHandle;
let cluster: FakeKubernetes;
let owner: string;
let tenantId: string;

function deliverPayment(paymentId: string, amountMinor: number): Promise<CallResult> {
  const raw = JSON.stringify({ id: `evt_${paymentId}`, type: "payment.succeeded", data: { paymentId, tenantId, amountMinor: String(amountMinor), currency: "USD" } });
  const request = new Request("http://127.0.0.1:3000/api/v1/billing/webhooks/test", {
    method: "POST",
    headers: { "content-type": "application/json", "apiary-signature": signTestPayload(SECRET, raw), "x-forwarded-for": "10.0.0.9" },
    body: raw,
  });
  return webhook(request, { params: Promise.resolve({ provider: "test" }) }).then(async (response) => {
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  });
}

const readBalance = () => call(getBalance, "GET", "/api/v1/tenants/acme/billing/balance", { session: owner, params: { tenant: "acme" } });
const readTransactions = () => call(getTransactions, "GET", "/api/v1/tenants/acme/billing/transactions", { session: owner, params: { tenant: "acme" } });
const probe = () => call(readyz, "GET", "/api/v1/readyz");

/** A 503 in the error shape, telling the caller when to retry. */
function expectUnavailable(answer: CallResult): void {
  expect(answer.status).toBe(503);
  expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(answer.body.error).toMatchObject({ code: "unavailable", message: expect.stringMatching(/database is not reachable/), requestId: expect.any(String) });
  expect(JSON.stringify(answer.body)).not.toMatch(/ECONNREFUSED|at .*\.ts:\d+|Failed query/);
}

beforeAll(async () => {
  process.env.APIARY_PAYMENT_TEST_SECRET = SECRET;
  resetEnvForTests();
  server = await startThrowawayPostgres();
  database = await openDatabase({ kind: "postgres", url: server.url });
  await migrateDatabase(database);
  setDatabaseForTests(database);
  cluster = await startFakeKubernetes();
  setKubeconfigPathForTests(cluster.kubeconfigPath);
  setAuthRateLimitsForTests({ signInPerIp: 100_000, signInPerAccount: 100_000, signUpPerIp: 100_000, signUpPerEmail: 100_000 });
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  const rows = await database.db.execute(sql`select id from tenants where slug = 'acme'`);
  tenantId = (rows as unknown as { rows: { id: string }[] }).rows[0].id;
});

afterAll(async () => {
  delete process.env.APIARY_PAYMENT_TEST_SECRET;
  resetEnvForTests();
  setDatabaseForTests(undefined);
  setKubeconfigPathForTests(undefined);
  setAuthRateLimitsForTests(undefined);
  // Each step is bounded and named: in one CI run this hook outlived its 60 s (the test itself had passed) and the
  // log could not say which step hung. A step that overruns is reported and left behind (vitest ends the worker).
  const bounded = async (what: string, step: () => Promise<unknown> | undefined) => {
    let timer: NodeJS.Timeout | undefined;
    const overrun = new Promise<"overrun">((resolve) => (timer = setTimeout(() => resolve("overrun"), 30_000)));
    const outcome = await Promise.race([Promise.resolve(step()).catch(() => "failed"), overrun]);
    clearTimeout(timer);
    if (outcome === "overrun") console.warn(`database outage test cleanup: ${what} did not finish within 30 s`);
  };
  await bounded("stopping the fake cluster", () => cluster?.stop());
  await bounded("closing the connection pool", () => database?.close());
  await bounded("stopping the throwaway PostgreSQL", () => server?.destroy());
}, 120_000);

describe("PostgreSQL stopped and started during traffic", () => {
  it("answers 503 with Retry-After while it is down, loses and half-writes nothing, and serves again when it is back", async () => {
    expect((await readBalance()).body.balanceMinor).toBe("500");
    expect((await probe()).body.checks.database.status).toBe("up");

    // Traffic: four workers, each alternating a payment (a ledger write) and a balance read, until told to stop.
    const payments = new Map<string, { amountMinor: number; status: number }>();
    const answers: CallResult[] = [];
    let traffic = true;
    let sequence = 0;
    const worker = async (id: number) => {
      while (traffic) {
        const paymentId = `pay_${id}_${++sequence}`;
        const amountMinor = 100 + (sequence % 7);
        const paid = await deliverPayment(paymentId, amountMinor);
        payments.set(paymentId, { amountMinor, status: paid.status });
        answers.push(paid, await readBalance());
      }
    };
    const workers = [1, 2, 3, 4].map(worker);

    await vi.waitFor(() => expect(payments.size).toBeGreaterThan(20), { timeout: 30_000 });
    const stopStarted = performance.now();
    await server.stop();
    const downFrom = answers.length;
    // Every request that needs the database, each kind: a session read, a ledger write, a listing, readiness.
    expectUnavailable(await readBalance());
    expectUnavailable(await readTransactions());
    expectUnavailable(await deliverPayment("pay_while_down", 999));
    const notReady = await probe();
    expect(notReady.status).toBe(503);
    expect(notReady.body.checks.database.status).toBe("down");
    await vi.waitFor(() => expect(answers.length - downFrom).toBeGreaterThan(20), { timeout: 30_000 });

    await server.start();
    const startedAt = performance.now();
    // The same process, the same pool: the first requests after the restart may still meet a connection the restart
    // cut, so readiness and reads are polled rather than expected at once.
    await vi.waitFor(async () => expect((await probe()).body.checks.database.status).toBe("up"), { timeout: 30_000, interval: 200 });
    await vi.waitFor(async () => expect((await readBalance()).status).toBe(200), { timeout: 30_000, interval: 200 });
    const recoveredMs = performance.now() - startedAt;
    const upFrom = answers.length;
    await vi.waitFor(() => expect(answers.slice(upFrom).filter((answer) => answer.status === 200).length).toBeGreaterThan(20), { timeout: 30_000 });
    traffic = false;
    await Promise.all(workers);

    const statuses = new Map<number, number>();
    for (const answer of answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    console.log(
      `database outage: ${answers.length} requests during traffic, by status ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `outage lasted ${Math.round(startedAt - stopStarted)} ms; serving again ${Math.round(recoveredMs)} ms after PostgreSQL was back`,
    );
    // Never a 500: each answer succeeded or was a retryable 503 in the error shape.
    expect([...statuses.keys()].sort()).toEqual([200, 503]);
    for (const answer of answers) if (answer.status === 503) expectUnavailable(answer);

    // Nothing half-written: the ledger's invariants hold right after the outage.
    expect(await findLedgerViolations(database.db)).toEqual([]);

    // Nothing lost: the provider redelivers every event that was not acknowledged with a 200 (as payment providers
    // do); each payment is then credited exactly once, whether or not its first delivery had reached the ledger.
    for (const [paymentId, payment] of payments) {
      if (payment.status === 200) continue;
      const redelivered = await deliverPayment(paymentId, payment.amountMinor);
      expect(redelivered.status).toBe(200);
      expect(["applied", "duplicate"]).toContain(redelivered.body.outcome);
    }
    const credited = [...payments.values()].reduce((sum, payment) => sum + payment.amountMinor, 0);
    expect((await readBalance()).body.balanceMinor).toBe(String(500 + credited));
    expect(await findLedgerViolations(database.db)).toEqual([]);
    expect((await probe()).body.checks.database.status).toBe("up");
  });
});
