import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/v1/signup/route";
import { creditTenant } from "@/lib/server/billing/ledger";
import { meterUpTo, recordObservations } from "@/lib/server/billing/meter";
import { call, ORIGIN, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { GET as getUsage } from "../usage/route";
import { GET as getCsv } from "./[id]/csv/route";
import { GET as getInvoice } from "./[id]/route";
import { GET as listInvoices } from "./route";

// Usage, burn rate and invoices through the route handlers on the real PostgreSQL server, from pods the meter saw.

let harness: ApiHarness;
let owner: string;
let other: string;
let acmeId: string;
const now = new Date();
const month = now.toISOString().slice(0, 7);

beforeAll(async () => {
  harness = await startApiHarness({ postgres: true });
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  other = (await call(signup, "POST", "/api/v1/signup", { body: { email: "other@example.com", password: "correct horse battery", name: "P", tenantName: "Globex" } })).sessionToken!;
  const rows = await harness.database.db.execute(sql`select id from tenants where slug = 'acme'`);
  acmeId = (rows as unknown as { rows: { id: string }[] }).rows[0].id;
  await creditTenant(harness.database.db, { tenantId: acmeId, idempotencyKey: "seed", amountMinor: 10_000n, kind: "adjustment", from: "platform:cash", memo: "seed" });
  // Two hours of one 1-vCPU / 1-GiB container of "web" (ended), and a 500m / 512Mi "worker" still running.
  const start = Math.max(Math.floor(now.getTime() / 1000) - 3 * 3600, Math.floor(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) / 1000));
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const base = { tenantId: acmeId, container: "app", deletingSeconds: null };
  await recordObservations(harness.database.db, {
    nowSeconds,
    observations: [
      { ...base, podUid: "web-1", podName: "web-abc", workload: "web", cpuMillicores: 1000, memoryMiB: 1024, startSeconds: start, endSeconds: Math.min(start + 7200, nowSeconds) },
      { ...base, podUid: "worker-1", podName: "worker-abc", workload: "worker", cpuMillicores: 500, memoryMiB: 512, startSeconds: start, endSeconds: null },
    ],
  });
  await meterUpTo(harness.database.db, nowSeconds);
});
afterAll(async () => harness?.stop());

describe("billing usage and invoices", () => {
  it("shows usage by workload, the burn rate of what runs now and the days it leaves", async () => {
    const answer = await call(getUsage, "GET", "/api/v1/tenants/acme/billing/usage?range=24h", { session: owner, params: { tenant: "acme" } });
    expect(answer.status).toBe(200);
    expect(answer.body.workloads.map((w: { workload: string }) => w.workload)).toEqual(["web", "worker"]);
    // 500m at USD 0.04/vCPU-hour + 0.5 GiB at USD 0.005/GiB-hour = 2_250_000 micro-cents per hour.
    expect(answer.body.burn).toMatchObject({ cpuMillicores: 500, memoryMiB: 512, microMinorPerHour: "2250000", minorPerHour: "2" });
    expect(answer.body.burn.projectedDaysLeft).toBeGreaterThan(0);
    expect(answer.body.billing.state).toBe("ok");
  });

  it("refuses an unknown range with the field named", async () => {
    const answer = await call(getUsage, "GET", "/api/v1/tenants/acme/billing/usage?range=1y", { session: owner, params: { tenant: "acme" } });
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body.error.details)).toContain("query.range");
  });

  it("lists this month's draft invoice whose lines add up to the ledger's charges", async () => {
    const list = await call(listInvoices, "GET", "/api/v1/tenants/acme/billing/invoices", { session: owner, params: { tenant: "acme" } });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([[month, "draft"]]);
    const invoice = await call(getInvoice, "GET", `/api/v1/tenants/acme/billing/invoices/${month}`, { session: owner, params: { tenant: "acme", id: month } });
    expect(invoice.status).toBe(200);
    const lines = invoice.body.lines as { workload: string; resource: string; amountMinor: string }[];
    expect(lines.map((l) => `${l.workload}/${l.resource}`)).toEqual(["web/cpu", "web/memory", "worker/cpu", "worker/memory"]);
    const charged = await harness.database.db.execute(sql`
      select coalesce(sum(e.amount_minor), 0)::text as total from ledger_transactions t join ledger_entries e on e.transaction_id = t.id
      where t.tenant_id = ${acmeId}::uuid and t.kind = 'usage_charge' and e.account_id = 'platform:revenue'`);
    const total = (charged as unknown as { rows: { total: string }[] }).rows[0].total;
    expect(invoice.body.totalMinor).toBe(total);
    expect(lines.reduce((sum, l) => sum + BigInt(l.amountMinor), 0n).toString()).toBe(total);
  });

  it("downloads the invoice as CSV", async () => {
    const response = await getCsv(new Request(`${ORIGIN}/api/v1/tenants/acme/billing/invoices/${month}/csv`, { headers: { cookie: `apiary_session=${owner}`, origin: ORIGIN, "x-forwarded-for": "10.0.0.1" } }), {
      params: Promise.resolve({ tenant: "acme", id: month }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="apiary-acme-${month}.csv"`);
    const text = await response.text();
    expect(text.split("\r\n")[0]).toBe("tenant,invoice,status,workload,resource,price_card_version,quantity,unit,rate_micro_minor_per_unit_hour,amount_minor,amount,currency");
    expect(text).toContain(`acme,${month},draft,TOTAL`);
  });

  it("refuses a malformed invoice id and hides one tenant's invoices from another", async () => {
    const bad = await call(getInvoice, "GET", "/api/v1/tenants/acme/billing/invoices/march", { session: owner, params: { tenant: "acme", id: "march" } });
    expect(bad.status).toBe(422);
    const foreign = await call(getInvoice, "GET", `/api/v1/tenants/acme/billing/invoices/${month}`, { session: other, params: { tenant: "acme", id: month } });
    expect(foreign.status).toBe(404);
    const own = await call(listInvoices, "GET", "/api/v1/tenants/globex/billing/invoices", { session: other, params: { tenant: "globex" } });
    expect(own.body.items).toEqual([]);
  });
});
