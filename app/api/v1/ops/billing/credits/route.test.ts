import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as opsAudit } from "@/app/api/v1/ops/audit/route";
import { POST as signIn } from "@/app/api/v1/session/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { GET as getBalance } from "@/app/api/v1/tenants/[tenant]/billing/balance/route";
import { createPlatformAdmin } from "@/lib/server/auth/platform-admins";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { findLedgerViolations } from "@/scripts/test-support/ledger-invariants";
import { GET as listPlans, POST as createPlan } from "../plans/route";
import { GET as listPriceCards, POST as createPriceCard } from "../price-cards/route";
import { GET as revenue } from "../revenue/route";
import { GET as tenantsByBalance } from "../tenants/route";
import { GET as listVouchers, POST as createVouchers } from "../vouchers/route";
import { POST as credit } from "./route";

// The operators' billing API through its route handlers on the real PostgreSQL server.

let harness: ApiHarness;
let admin: string;
let owner: string;

function creditAs(session: string, body: unknown, key?: string) {
  return call(credit, "POST", "/api/v1/ops/billing/credits", { session, body, headers: key ? { "idempotency-key": key } : {} });
}

async function balanceOf(tenant: string, session: string): Promise<string> {
  return (await call(getBalance, "GET", `/api/v1/tenants/${tenant}/billing/balance`, { session, params: { tenant } })).body.balanceMinor;
}

beforeAll(async () => {
  harness = await startApiHarness({ postgres: true });
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  await call(signup, "POST", "/api/v1/signup", { body: { email: "other@example.com", password: "correct horse battery", name: "P", tenantName: "Globex" } });
  await createPlatformAdmin({ email: "ops@example.com", password: "operator password 1" });
  admin = (await call(signIn, "POST", "/api/v1/session", { body: { email: "ops@example.com", password: "operator password 1" } })).sessionToken!;
});
afterAll(async () => harness?.stop());

describe("operator credit", () => {
  it("is for platform admins only and needs an Idempotency-Key", async () => {
    const body = { tenant: "acme", amountMinor: "5000", reason: "goodwill for the outage" };
    expect((await creditAs(owner, body, "credit-key-0001")).status).toBe(403);
    const missing = await creditAs(admin, body);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].field).toBe("header.Idempotency-Key");
    expect((await creditAs(admin, { ...body, amountMinor: "12.50" }, "credit-key-0001")).status).toBe(422);
    expect((await creditAs(admin, { ...body, tenant: "nobody" }, "credit-key-0002")).status).toBe(404);
    expect(await balanceOf("acme", owner)).toBe("500");
  });

  it("credits once however often it is retried, even 200 retries at once, and audits the reason", async () => {
    const body = { tenant: "acme", amountMinor: "5000", reason: "goodwill for the outage" };
    const answers = await Promise.all(Array.from({ length: 200 }, () => creditAs(admin, body, "credit-key-race")));
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get("idempotent-replayed") !== "true")).toHaveLength(1);
    // On top of the free plan's included credit of the month (500).
    expect(answers[0].body).toMatchObject({ tenant: "acme", amountMinor: "5000", balanceMinor: "5500", currency: "USD" });
    expect(await balanceOf("acme", owner)).toBe("5500");
    const reused = await creditAs(admin, { ...body, amountMinor: "9000" }, "credit-key-race");
    expect(reused.status).toBe(422);
    expect(await balanceOf("acme", owner)).toBe("5500");
    const rows = await harness.database.db.execute(sql`select details->>'reason' as reason from audit_log where action = 'billing.credit'`);
    expect((rows as unknown as { rows: unknown[] }).rows).toEqual([{ reason: "goodwill for the outage" }]);
    const audit = await call(opsAudit, "GET", "/api/v1/ops/audit?tenant=acme&limit=200", { session: admin });
    expect(audit.body.items.some((entry: { action: string }) => entry.action === "billing.credit")).toBe(true);
    expect(await findLedgerViolations(harness.database.db)).toEqual([]);
  });
});

describe("ops price book, vouchers and reports", () => {
  it("lists price cards with the one in force and refuses a card effective in the past", async () => {
    const list = await call(listPriceCards, "GET", "/api/v1/ops/billing/price-cards", { session: admin });
    expect(list.status).toBe(200);
    expect(list.body.current).toMatchObject({ version: 1, cpuMicroMinorPerVcpuHour: "4000000", memoryMicroMinorPerGiBHour: "500000" });
    const rates = { currency: "USD", cpuMicroMinorPerVcpuHour: "4500000", memoryMicroMinorPerGiBHour: "550000", volumeMicroMinorPerGiBMonth: "10000000" };
    const past = await call(createPriceCard, "POST", "/api/v1/ops/billing/price-cards", { session: admin, body: { ...rates, effectiveFrom: "2020-01-01T00:00:00.000Z" } });
    expect(past.status).toBe(422);
    expect(past.body.error.details[0].field).toBe("body.effectiveFrom");
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const made = await call(createPriceCard, "POST", "/api/v1/ops/billing/price-cards", { session: admin, body: { ...rates, effectiveFrom: future, note: "spring prices" } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ version: 2, effectiveFrom: future, createdBy: "ops@example.com" });
    expect((await call(listPriceCards, "GET", "/api/v1/ops/billing/price-cards", { session: admin })).body.current.version).toBe(1);
    expect((await call(createPriceCard, "POST", "/api/v1/ops/billing/price-cards", { session: owner, body: rates })).status).toBe(403);
    // Without a time a card takes effect at once (it was refused as "in the past" by the millisecond between two clock reads).
    const atOnce = await call(createPriceCard, "POST", "/api/v1/ops/billing/price-cards", { session: admin, body: { ...rates, note: "now" } });
    expect(atOnce.status).toBe(201);
    expect((await call(listPriceCards, "GET", "/api/v1/ops/billing/price-cards", { session: admin })).body.current.version).toBe(atOnce.body.version);
  });

  it("adds a plan version and lists plans at their latest version", async () => {
    const made = await call(createPlan, "POST", "/api/v1/ops/billing/plans", {
      session: admin,
      body: { name: "pro", requestsCpuMillicores: 16000, requestsMemoryMiB: 32768, limitsCpuMillicores: 32000, limitsMemoryMiB: 65536, pods: 100, volumes: 40, includedCreditMinor: "5000", currency: "USD" },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: "pro", version: 1, tenantCount: 0 });
    const plans = await call(listPlans, "GET", "/api/v1/ops/billing/plans", { session: admin });
    expect(plans.body.items.map((plan: { name: string; tenantCount: number }) => `${plan.name}:${plan.tenantCount}`)).toEqual(["free:2", "pro:0", "standard:0"]);
  });

  it("makes a voucher batch whose codes appear once, and lists the vouchers without them", async () => {
    const made = await call(createVouchers, "POST", "/api/v1/ops/billing/vouchers", { session: admin, body: { count: 3, amountMinor: "1000", currency: "USD", label: "launch" } });
    expect(made.status).toBe(201);
    expect(made.body.codes).toHaveLength(3);
    expect(new Set(made.body.codes).size).toBe(3);
    const listed = await call(listVouchers, "GET", "/api/v1/ops/billing/vouchers?limit=2", { session: admin });
    expect(listed.body.items).toHaveLength(2);
    expect(JSON.stringify(listed.body)).not.toContain(made.body.codes[0]);
    const next = await call(listVouchers, "GET", `/api/v1/ops/billing/vouchers?limit=2&cursor=${encodeURIComponent(listed.body.nextCursor)}`, { session: admin });
    expect(next.body.items).toHaveLength(1);
    expect(next.body.nextCursor).toBeNull();
    const audit = await harness.database.db.execute(sql`select details::text as details from audit_log where action = 'opsCreateVoucherBatch'`);
    expect(JSON.stringify((audit as unknown as { rows: unknown[] }).rows)).not.toContain(made.body.codes[0]);
  });

  it("lists tenants by balance and sums the revenue", async () => {
    const lowest = await call(tenantsByBalance, "GET", "/api/v1/ops/billing/tenants?limit=1", { session: admin });
    expect(lowest.body.items.map((row: { slug: string; balanceMinor: string }) => `${row.slug}:${row.balanceMinor}`)).toEqual(["globex:500"]);
    const rest = await call(tenantsByBalance, "GET", `/api/v1/ops/billing/tenants?limit=1&cursor=${encodeURIComponent(lowest.body.nextCursor)}`, { session: admin });
    expect(rest.body.items.map((row: { slug: string; balanceMinor: string }) => `${row.slug}:${row.balanceMinor}`)).toEqual(["acme:5500"]);
    const highest = await call(tenantsByBalance, "GET", "/api/v1/ops/billing/tenants?order=desc", { session: admin });
    expect(highest.body.items[0].slug).toBe("acme");
    const summary = await call(revenue, "GET", "/api/v1/ops/billing/revenue", { session: admin });
    expect(summary.status).toBe(200);
    // The operator credit, plus each new tenant's included credit (500 from platform:promotions).
    expect(summary.body).toMatchObject({ currency: "USD", cashReceivedMinor: "5000", promotionsMinor: "1000", usageChargedMinor: "0", prepaidOutstandingMinor: "6000", transactions: 3 });
    expect((await call(revenue, "GET", "/api/v1/ops/billing/revenue?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", { session: admin })).status).toBe(422);
  });
});
