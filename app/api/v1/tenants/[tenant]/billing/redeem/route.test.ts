import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createVouchers } from "@/app/api/v1/ops/billing/vouchers/route";
import { POST as signIn } from "@/app/api/v1/session/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { POST as createApiKey } from "@/app/api/v1/tenants/[tenant]/api-keys/route";
import { createPlatformAdmin } from "@/lib/server/auth/platform-admins";
import { call, startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { findLedgerViolations } from "@/scripts/test-support/ledger-invariants";
import { GET as getBalance } from "../balance/route";
import { GET as listTransactions } from "../transactions/route";
import { POST as redeem } from "./route";

// Voucher redemption through the route handlers on the real PostgreSQL server, where concurrency is real.

let harness: ApiHarness;
let admin: string;
let owner: string;
let otherOwner: string;

async function makeVouchers(count: number, amountMinor: string): Promise<string[]> {
  const made = await call(createVouchers, "POST", "/api/v1/ops/billing/vouchers", { session: admin, body: { count, amountMinor, currency: "USD", label: "test batch" } });
  expect(made.status).toBe(201);
  return made.body.codes;
}

function redeemAs(session: string, tenant: string, code: string, key?: string) {
  return call(redeem, "POST", `/api/v1/tenants/${tenant}/billing/redeem`, { session, params: { tenant }, body: { code }, headers: key ? { "idempotency-key": key } : {} });
}

async function balanceOf(session: string, tenant: string) {
  const answer = await call(getBalance, "GET", `/api/v1/tenants/${tenant}/billing/balance`, { session, params: { tenant } });
  expect(answer.status).toBe(200);
  return answer.body;
}

beforeAll(async () => {
  harness = await startApiHarness({ postgres: true });
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  otherOwner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "other@example.com", password: "correct horse battery", name: "P", tenantName: "Globex" } })).sessionToken!;
  await createPlatformAdmin({ email: "ops@example.com", password: "operator password 1" });
  admin = (await call(signIn, "POST", "/api/v1/session", { body: { email: "ops@example.com", password: "operator password 1" } })).sessionToken!;
});
afterAll(async () => harness?.stop());

describe("billing balance and voucher redemption", () => {
  it("starts a tenant with its plan's included credit for the month (free plan: USD 5.00), in the ledger's currency", async () => {
    expect(await balanceOf(owner, "acme")).toEqual({ balanceMinor: "500", floorMinor: "0", currency: "USD", state: "ok", warnedAt: null, suspendedAt: null });
  });

  it("refuses a redemption without an Idempotency-Key, saying how to send one", async () => {
    const [code] = await makeVouchers(1, "500");
    const answer = await redeemAs(owner, "acme", code);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("bad_request");
    expect(answer.body.error.message).toMatch(/Idempotency-Key/);
    expect((await balanceOf(owner, "acme")).balanceMinor).toBe("500");
  });

  it("credits a voucher once; a retry with the same key answers the same and moves nothing; another body under that key is refused", async () => {
    const [code] = await makeVouchers(1, "1250");
    const first = await redeemAs(owner, "acme", code, "redeem-key-0001");
    expect(first.status).toBe(200);
    // 500 of included credit plus the voucher's 1250.
    expect(first.body).toMatchObject({ amountMinor: "1250", currency: "USD", balanceMinor: "1750" });
    const retry = await redeemAs(owner, "acme", code, "redeem-key-0001");
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const otherBody = await redeemAs(owner, "acme", "AAAA-BBBB-CCCC-DDDD", "redeem-key-0001");
    expect(otherBody.status).toBe(422);
    const again = await redeemAs(owner, "acme", code, "redeem-key-0002");
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already been redeemed/);
    // A refusal is an answer too: its retry is the same refusal.
    const againRetry = await redeemAs(owner, "acme", code, "redeem-key-0002");
    expect(againRetry.status).toBe(409);
    expect(againRetry.body).toEqual(again.body);
    expect((await balanceOf(owner, "acme")).balanceMinor).toBe("1750");
    expect(await findLedgerViolations(harness.database.db)).toEqual([]);
  });

  it("answers 404 for an unknown code and keeps members without billing:write out", async () => {
    expect((await redeemAs(owner, "acme", "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "redeem-key-0003")).status).toBe(404);
    expect((await redeemAs(otherOwner, "acme", "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "redeem-key-0004")).status).toBe(404);
    const key = await call(createApiKey, "POST", "/api/v1/tenants/acme/api-keys", { session: owner, params: { tenant: "acme" }, body: { name: "reader", role: "viewer" } });
    expect(key.status).toBe(201);
    const [code] = await makeVouchers(1, "100");
    const viewer = await call(redeem, "POST", "/api/v1/tenants/acme/billing/redeem", { apiKey: key.body.key, params: { tenant: "acme" }, body: { code }, headers: { "idempotency-key": "viewer-key-0001" } });
    expect(viewer.status).toBe(403);
    expect((await call(getBalance, "GET", "/api/v1/tenants/acme/billing/balance", { apiKey: key.body.key, params: { tenant: "acme" } })).status).toBe(200);
  });

  it("credits one voucher exactly once when 200 redemptions race, across two tenants", async () => {
    const [code] = await makeVouchers(1, "700");
    const before = { acme: BigInt((await balanceOf(owner, "acme")).balanceMinor), globex: BigInt((await balanceOf(otherOwner, "globex")).balanceMinor) };
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? redeemAs(owner, "acme", code, `race-key-${i}`) : redeemAs(otherOwner, "globex", code, `race-key-${i}`))),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(199);
    const after = { acme: BigInt((await balanceOf(owner, "acme")).balanceMinor), globex: BigInt((await balanceOf(otherOwner, "globex")).balanceMinor) };
    expect(after.acme - before.acme + (after.globex - before.globex)).toBe(700n);
    const credits = await harness.database.db.execute(`select count(*)::int as n from ledger_transactions where kind = 'topup_voucher' and metadata->>'voucherId' = (select id::text from vouchers where code_hint = '${code.slice(-4)}' order by created_at desc limit 1)` as never);
    expect((credits as unknown as { rows: { n: number }[] }).rows[0].n).toBe(1);
    expect(await findLedgerViolations(harness.database.db)).toEqual([]);
  });

  it("lists the tenant's transactions newest first, page by page", async () => {
    const [code] = await makeVouchers(1, "30");
    expect((await redeemAs(owner, "acme", code, "list-key-0001")).status).toBe(200);
    const first = await call(listTransactions, "GET", "/api/v1/tenants/acme/billing/transactions?limit=1", { session: owner, params: { tenant: "acme" } });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0]).toMatchObject({ kind: "topup_voucher", amountMinor: "30", currency: "USD" });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const all = await call(listTransactions, "GET", "/api/v1/tenants/acme/billing/transactions?limit=200", { session: owner, params: { tenant: "acme" } });
    const second = await call(listTransactions, "GET", `/api/v1/tenants/acme/billing/transactions?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, { session: owner, params: { tenant: "acme" } });
    expect(second.body.items[0].id).toBe(all.body.items[1].id);
    const sum = all.body.items.reduce((total: bigint, item: { amountMinor: string }) => total + BigInt(item.amountMinor), 0n);
    expect(sum.toString()).toBe((await balanceOf(owner, "acme")).balanceMinor);
    expect((await call(listTransactions, "GET", "/api/v1/tenants/acme/billing/transactions?cursor=nonsense", { session: owner, params: { tenant: "acme" } })).status).toBe(422);
  });
});
