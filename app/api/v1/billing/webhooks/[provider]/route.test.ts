import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { GET as getBalance } from "@/app/api/v1/tenants/[tenant]/billing/balance/route";
import { signTestPayload } from "@/lib/server/billing/test-payment-provider";
import { resetEnvForTests } from "@/lib/server/env";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { findLedgerViolations } from "@/scripts/test-support/ledger-invariants";
import { POST as webhook } from "./route";

// The test payment provider's webhook on the real PostgreSQL server: signatures, replays, and events out of order.

const SECRET = "webhook-test-secret-0123456789";
let harness: ApiHarness;
let owner: string;
let tenantId: string;
let eventNumber = 0;

function event(type: "payment.succeeded" | "payment.failed" | "payment.refunded", paymentId: string, amountMinor: string, id = `evt_${++eventNumber}`) {
  return { id, type, data: { paymentId, tenantId, amountMinor, currency: "USD" } };
}

function deliver(payload: unknown, options: { signature?: string; provider?: string } = {}) {
  const raw = JSON.stringify(payload);
  const provider = options.provider ?? "test";
  const request = new Request(`http://127.0.0.1:3000/api/v1/billing/webhooks/${provider}`, {
    method: "POST",
    headers: { "content-type": "application/json", "apiary-signature": options.signature ?? signTestPayload(SECRET, raw), "x-forwarded-for": "10.0.0.9" },
    body: raw,
  });
  return webhook(request, { params: Promise.resolve({ provider }) }).then(async (response) => ({ status: response.status, body: await response.json() }));
}

/** Acme's balance; it starts with the free plan's included credit of the month (500). */
async function balance(): Promise<string> {
  return (await call(getBalance, "GET", "/api/v1/tenants/acme/billing/balance", { session: owner, params: { tenant: "acme" } })).body.balanceMinor;
}

beforeAll(async () => {
  process.env.APIARY_PAYMENT_TEST_SECRET = SECRET;
  resetEnvForTests();
  harness = await startApiHarness({ postgres: true });
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  const rows = await harness.database.db.execute(sql`select id from tenants where slug = 'acme'`);
  tenantId = (rows as unknown as { rows: { id: string }[] }).rows[0].id;
});
afterAll(async () => {
  delete process.env.APIARY_PAYMENT_TEST_SECRET;
  resetEnvForTests();
  await harness?.stop();
});

describe("payment webhook", () => {
  it("refuses a missing, wrong or stale signature with 401 and an unknown provider with 404", async () => {
    const payload = event("payment.succeeded", "pay_sig", "1000");
    expect((await deliver(payload, { signature: "" })).status).toBe(401);
    expect((await deliver(payload, { signature: signTestPayload("another-secret-0123456789", JSON.stringify(payload)) })).status).toBe(401);
    const stale = await deliver(payload, { signature: signTestPayload(SECRET, JSON.stringify(payload), new Date(Date.now() - 10 * 60_000)) });
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe("unauthorized");
    expect((await deliver(payload, { provider: "paypal" })).status).toBe(404);
    expect(await balance()).toBe("500");
  });

  it("credits a payment once however often its event is delivered", async () => {
    const payload = event("payment.succeeded", "pay_1", "1000");
    expect((await deliver(payload)).body).toMatchObject({ outcome: "applied" });
    const replays = await Promise.all(Array.from({ length: 20 }, () => deliver(payload)));
    expect(replays.map((replay) => replay.body.outcome)).toEqual(Array(20).fill("duplicate"));
    // The same payment under a new event id (a provider's retry with another id) credits nothing either.
    expect((await deliver(event("payment.succeeded", "pay_1", "1000"))).body.outcome).toBe("ignored");
    expect(await balance()).toBe("1500");
  });

  it("takes a refund back, and a refund that arrives before its payment leaves only the remainder credited", async () => {
    expect((await deliver(event("payment.refunded", "pay_1", "400"))).body.outcome).toBe("applied");
    expect(await balance()).toBe("1100");
    expect((await deliver(event("payment.refunded", "pay_2", "500"))).body).toMatchObject({ outcome: "applied", reason: expect.stringMatching(/remembered/) });
    expect(await balance()).toBe("1100");
    expect((await deliver(event("payment.succeeded", "pay_2", "800"))).body).toMatchObject({ outcome: "applied", reason: "credited 300" });
    expect(await balance()).toBe("1400");
    expect((await deliver(event("payment.refunded", "pay_3", "500"))).body.outcome).toBe("applied");
    expect((await deliver(event("payment.succeeded", "pay_3", "500"))).body.reason).toMatch(/nothing to credit/);
    expect(await balance()).toBe("1400");
  });

  it("credits nothing for a payment whose failure arrived first", async () => {
    expect((await deliver(event("payment.failed", "pay_4", "700"))).body.outcome).toBe("applied");
    expect((await deliver(event("payment.succeeded", "pay_4", "700"))).body).toMatchObject({ outcome: "ignored", reason: "the payment had failed" });
    expect(await balance()).toBe("1400");
    expect(await findLedgerViolations(harness.database.db)).toEqual([]);
  });

  it("rejects an event that is not a payment event with 422", async () => {
    const answer = await deliver({ id: "evt_bad", type: "payment.succeeded", data: { paymentId: "p", tenantId, amountMinor: "1.5", currency: "USD" } });
    expect(answer.status).toBe(422);
    expect(answer.body.error.details[0].field).toBe("body.data.amountMinor");
  });
});
