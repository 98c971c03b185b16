import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";

import { writeOciLayout } from "@/scripts/test-support/oci-image-layout";

import { newTestAccount, signUpViaApi } from "./fixtures/sign-up-via-api";
import { registryHost, skopeo } from "./fixtures/skopeo";
import { BillingPage } from "./pages/billing-page";
import { DeploymentsPage } from "./pages/deployments-page";

// Pay-as-you-go end to end (issue 8): a tenant with a small balance deploys; an operator makes the price so high that
// the balance runs out in about twenty seconds; the tenant watches it fall on the billing page, is warned (banner),
// is suspended after the grace period (APIARY_BILLING_GRACE_SECONDS in playwright.config.ts) with its workload at
// zero replicas, redeems a voucher, and the workload comes back. The operator puts the normal price back at the end.

const ADMIN = { email: "ops-admin@example.test", password: "e2e operator password" };

type PriceCard = { currency: string; cpuMicroMinorPerVcpuHour: string; memoryMicroMinorPerGiBHour: string; volumeMicroMinorPerGiBMonth: string };

async function adminContext(baseURL: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: new URL(baseURL).origin } });
  const signedIn = await context.post("/api/v1/session", { data: ADMIN });
  expect(signedIn.ok(), await signedIn.text()).toBe(true);
  return context;
}

async function createPriceCard(admin: APIRequestContext, card: PriceCard & { effectiveFrom?: string; note: string }): Promise<void> {
  const created = await admin.post("/api/v1/ops/billing/price-cards", { data: card, headers: { "Idempotency-Key": crypto.randomUUID() } });
  expect(created.ok(), await created.text()).toBe(true);
}

test("a tenant's balance runs out, it is warned and suspended with its workload at zero, redeems a voucher and the workload comes back", async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  const admin = await adminContext(baseURL!);
  const prices = await admin.get("/api/v1/ops/billing/price-cards");
  expect(prices.ok(), await prices.text()).toBe(true);
  // Only the rates: the current card's own effectiveFrom is in the past, which a new card may not be.
  const { currency, cpuMicroMinorPerVcpuHour, memoryMicroMinorPerGiBHour, volumeMicroMinorPerGiBMonth } = ((await prices.json()) as { current: PriceCard }).current;
  const normal: PriceCard = { currency, cpuMicroMinorPerVcpuHour, memoryMicroMinorPerGiBHour, volumeMicroMinorPerGiBMonth };
  const account = newTestAccount("Billing");
  const slug = await signUpViaApi(page.request, baseURL!, account);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-e2e-billing-"));
  const repository = `${registryHost}/${slug}/meter`;
  let priceRaised = false;
  try {
    // A small operator credit, and a voucher for later.
    const credit = await admin.post("/api/v1/ops/billing/credits", {
      data: { tenant: slug, amountMinor: "100", reason: "e2e: a small starting balance" },
      headers: { "Idempotency-Key": crypto.randomUUID() },
    });
    expect(credit.ok(), await credit.text()).toBe(true);
    const vouchers = await admin.post("/api/v1/ops/billing/vouchers", {
      data: { count: 1, amountMinor: "1000000", currency: normal.currency, label: "e2e billing journey" },
      headers: { "Idempotency-Key": crypto.randomUUID() },
    });
    expect(vouchers.ok(), await vouchers.text()).toBe(true);
    const code = ((await vouchers.json()) as { codes: string[] }).codes[0]!;

    // Deploy one small replica from the form.
    const image = writeOciLayout(path.join(home, "oci-v1"), "v1");
    const pushed = await skopeo(home, ["copy", "--dest-tls-verify=false", "--dest-creds", `${account.email}:${account.password}`, `oci:${image.dir}:v1`, `docker://${repository}:v1`]);
    expect(pushed.ok, pushed.output).toBe(true);
    const deployments = new DeploymentsPage(page, slug);
    await deployments.open();
    await deployments.openDeployForm();
    await deployments.fillBasics({ name: "meter", image: `${repository}:v1`, replicas: 1 });
    await deployments.submit();
    await expect(page).toHaveURL(new RegExp(`/${slug}/deployments/meter$`), { timeout: 30_000 });

    const workload = async () => {
      const response = await page.request.get(`/api/v1/tenants/${slug}/deployments/meter`);
      expect(response.ok(), await response.text()).toBe(true);
      return ((await response.json()) as { replicas: { desired: number; ready: number } }).replicas;
    };
    await expect.poll(async () => (await workload()).ready, { timeout: 60_000 }).toBe(1);

    // The meter sees it running: price the CPU so the balance lasts about twenty seconds.
    let cpuMillicores = 0;
    let lastUsage = "";
    try {
      await expect
        .poll(
          async () => {
            const usage = await page.request.get(`/api/v1/tenants/${slug}/billing/usage`);
            lastUsage = await usage.text();
            cpuMillicores = (JSON.parse(lastUsage) as { burn: { cpuMillicores: number } }).burn.cpuMillicores;
            return cpuMillicores;
          },
          { timeout: 60_000 },
        )
        .toBeGreaterThan(0);
    } catch (error) {
      throw new Error(`The meter never saw the running container; the last usage answer was ${lastUsage}`, { cause: error });
    }
    const balanceNow = BigInt(((await (await page.request.get(`/api/v1/tenants/${slug}/billing/balance`)).json()) as { balanceMinor: string }).balanceMinor);
    // minor per hour = balance × 3600 / 20 s; per vCPU-hour divide by the vCPUs; micro-minor × 1e6.
    const rate = (balanceNow * 180n * 1000n * 1_000_000n) / BigInt(cpuMillicores);
    await createPriceCard(admin, {
      ...normal,
      cpuMicroMinorPerVcpuHour: rate.toString(),
      memoryMicroMinorPerGiBHour: "0",
      effectiveFrom: new Date(Date.now() + 3_000).toISOString(),
      note: "e2e: expensive",
    });
    priceRaised = true;

    // The billing page shows the balance falling, then the warning and its banner.
    const billing = new BillingPage(page, slug);
    await billing.open();
    const first = (await billing.balance.innerText()).trim();
    const second = await billing.waitForBalanceOtherThan(first);
    expect(second).not.toBe(first);
    await billing.expectState("warned");
    await expect(billing.banner).toHaveAttribute("data-state", "warned");
    await expect(billing.banner.getByRole("link", { name: "Go to billing" })).toBeVisible();

    // After the grace period: suspended, the workload at zero replicas.
    await billing.expectState("suspended", 60_000);
    await expect(billing.banner).toHaveAttribute("data-state", "suspended");
    await expect.poll(async () => (await workload()).desired, { timeout: 30_000 }).toBe(0);

    // Redeeming the voucher restores the balance and the workload.
    await billing.redeem(code);
    await expect(billing.redeemResult).toContainText("was added", { timeout: 15_000 });
    await expect.poll(async () => (await workload()).ready, { timeout: 60_000 }).toBe(1);
    await expect(billing.state).not.toHaveAttribute("data-state", /warned|suspended/, { timeout: 30_000 });

    // Normal prices again, so the voucher is not drained every tick while the rest is checked.
    await createPriceCard(admin, { ...normal, effectiveFrom: new Date(Date.now() + 1_000).toISOString(), note: "e2e: normal price again" });
    priceRaised = false;

    // The newest transactions show the voucher and the usage; the operator's credit and the included credit are
    // further back (a usage row is written every tick), so they are checked through the API's whole history.
    const transactions = page.getByTestId("billing-transactions");
    await expect(transactions).toContainText("Voucher");
    await expect(transactions).toContainText("Usage");
    const history = await page.request.get(`/api/v1/tenants/${slug}/billing/transactions?limit=200`);
    expect(history.ok(), await history.text()).toBe(true);
    const kinds = new Set(((await history.json()) as { items: { kind: string }[] }).items.map((item) => item.kind));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(["included_credit", "topup_operator", "topup_voucher", "usage_charge"]));
  } finally {
    if (priceRaised) await createPriceCard(admin, { ...normal, effectiveFrom: new Date(Date.now() + 1_000).toISOString(), note: "e2e: normal price again" });
    await admin.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
