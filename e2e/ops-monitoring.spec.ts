import { expect, test } from "@playwright/test";

import { simFault } from "./fixtures/sim-faults";
import { newTestAccount, signUpViaApi } from "./fixtures/sign-up-via-api";
import { OpsBillingPage } from "./pages/ops-billing-page";
import { OpsNodesPage } from "./pages/ops-nodes-page";
import { OpsOverviewPage } from "./pages/ops-overview-page";
import { SignInPage } from "./pages/sign-in-page";
import { WallboardPage } from "./pages/wallboard-page";

// The operators' monitoring screens against the simulated cluster (APIARY_SIM_NODES, 3 by default) and the real
// collector: a platform admin (APIARY_ADMIN_EMAIL in playwright.config.ts) sees the nodes and their capacity, and a
// tenant user is refused by the screens and by the API.

const ADMIN = { email: "ops-admin@example.test", password: "e2e operator password" };
const NODES = Number(process.env.APIARY_SIM_NODES ?? 3);

test.describe("a platform admin", () => {
  test.beforeEach(async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(ADMIN.email, ADMIN.password);
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  });

  test("sees the cluster's capacity, its usage charts and the attention panels on the ops overview", async ({ page }) => {
    const overview = new OpsOverviewPage(page);
    await overview.goto();
    await expect(overview.capacity()).toHaveAttribute("data-state", "success");
    await expect(overview.capacity()).toContainText(`${NODES} nodes`);
    for (const resource of ["cpu", "memory"] as const) {
      expect(Number(await overview.capacityResource(resource).getAttribute("data-allocatable"))).toBeGreaterThan(0);
    }
    // The collector scrapes every 5 s here; two scrapes give the first CPU rate.
    await expect(overview.chart("cluster-cpu")).toHaveAttribute("data-has-data", "true", { timeout: 30_000 });
    await expect(overview.chart("cluster-memory")).toHaveAttribute("data-has-data", "true");
    await expect(overview.capacityResource("memory").getByTestId("capacity-memory-used")).not.toHaveAttribute("data-value", "");
    for (const panel of ["tenant-usage", "troubled-pods", "warning-events", "rollouts"] as const) {
      await expect(overview.panel(panel)).toHaveAttribute("data-state", /^(success|empty)$/);
    }
    await overview.chooseRange("6 hours");
    await expect(page.locator('[data-range="6h"]')).toBeVisible();
    await expect(overview.capacity()).toHaveAttribute("data-state", "success");
  });

  test("makes a voucher batch on the billing page, sees its codes once, then only their last characters", async ({ page }) => {
    const billing = new OpsBillingPage(page);
    await billing.goto();
    await expect(billing.section("price-book").getByText("In force")).toBeVisible();
    const label = `e2e batch ${Date.now()}`;
    await billing.createVoucherBatch({ label, count: 2, amount: "5" });
    const created = billing.createdCodes();
    await expect(created).toContainText("Shown only now");
    const codes = (await created.locator("pre").innerText()).split("\n").filter(Boolean);
    expect(codes).toHaveLength(2);
    const rows = billing.section("vouchers").getByRole("row").filter({ hasText: label });
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText("$5.00");
    await created.getByRole("button", { name: "I have copied them" }).click();
    await expect(created).toHaveCount(0);
    for (const code of codes) await expect(page.getByText(code, { exact: true })).toHaveCount(0);
    await expect(rows.filter({ hasText: `…${codes[0]!.slice(-4)}` })).toHaveCount(1);
  });

  test("is told in words that a price card cannot take effect in the past, and sees revenue and tenants by balance", async ({ page }) => {
    const billing = new OpsBillingPage(page);
    await billing.goto();
    const prices = billing.section("price-book");
    await expect(prices.getByText("In force")).toBeVisible();
    await prices.getByLabel("Effective from").fill("2020-01-01T00:00");
    await prices.getByRole("button", { name: "Add version" }).click();
    await expect(prices.getByText(/The effective time is in the past/)).toBeVisible();
    await expect(billing.section("revenue").getByText("Usage charged")).toBeVisible();
    await expect(billing.section("tenants").getByRole("table").or(billing.section("tenants").getByText("No tenants yet"))).toBeVisible();
  });

  test("lists the simulated nodes with their pods and scrape state, and opens a node's charts", async ({ page }) => {
    const nodes = new OpsNodesPage(page);
    await nodes.goto();
    await expect(nodes.rows()).toHaveCount(NODES);
    const names = await nodes.rows().evaluateAll((rows) => rows.map((row) => row.getAttribute("data-node")!));
    for (const name of names) {
      await expect(nodes.row(name)).toHaveAttribute("data-stale", "false");
      await expect(nodes.row(name).getByTestId("node-pods")).toHaveText(/^\d+$/);
      await expect(nodes.row(name)).toContainText(/cores?/);
    }
    await expect(nodes.row(names[0]!)).toContainText("OK", { timeout: 20_000 });
    const charts = await nodes.openCharts(names[0]!);
    await expect(charts.getByTestId("chart-node-memory")).toHaveAttribute("data-has-data", "true", { timeout: 30_000 });
    await expect(charts.getByTestId("chart-node-cpu")).toBeVisible();
  });

  test("sees a node whose cAdvisor stops answering marked stale with its error, and recovering by itself", async ({ page }) => {
    test.setTimeout(120_000);
    const nodes = new OpsNodesPage(page);
    await nodes.goto();
    await expect(nodes.rows()).toHaveCount(NODES);
    const name = (await nodes.rows().first().getAttribute("data-node"))!;
    await simFault({ action: "hang-cadvisor", node: name, hang: true });
    try {
      // The page refreshes itself every 15 s; the collector scrapes every 5 s with a per-node timeout.
      await expect(nodes.row(name)).toHaveAttribute("data-stale", "true", { timeout: 40_000 });
      await expect(nodes.row(name).getByTestId("node-stale")).toContainText("Stale");
      await expect(nodes.row(name).getByTestId("node-stale")).toContainText(/last success/);
    } finally {
      await simFault({ action: "hang-cadvisor", node: name, hang: false });
    }
    await expect(nodes.row(name)).toHaveAttribute("data-stale", "false", { timeout: 40_000 });
  });

  test("reads the wallboard's big numbers without a sidebar", async ({ page }) => {
    const wall = new WallboardPage(page);
    await wall.goto();
    await expect(wall.board()).toBeVisible();
    await expect(page.locator("nav")).toHaveCount(0);
    await expect(wall.value("nodes")).toHaveText(new RegExp(`^\\d+/${NODES}$`));
    await expect(wall.value("pods")).toHaveText(/^\d+$/);
    await expect(wall.value("memory")).toHaveText(/^\d+%$/, { timeout: 30_000 });
    for (const tile of ["troubled", "rollouts", "warnings"] as const) await expect(wall.value(tile)).toHaveText(/^\d+$/);
    await expect(wall.connection()).toContainText(/Updated \d+ s ago · refreshes every 15 s/);
    await expect(page.getByTestId("wall-chart-cpu")).toBeVisible();
  });

  test("keeps the wallboard's last numbers through a lost connection and recovers by itself", async ({ page }) => {
    test.setTimeout(120_000);
    const wall = new WallboardPage(page);
    await wall.goto();
    await expect(wall.value("nodes")).toHaveText(new RegExp(`^\\d+/${NODES}$`));
    const nodesUp = await wall.value("nodes").textContent();
    // The server stops answering the wallboard's requests.
    await page.route("**/api/v1/ops/**", (route) => route.abort("connectionrefused"));
    await expect(wall.board()).toHaveAttribute("data-connection", "lost", { timeout: 40_000 });
    await expect(wall.connection()).toContainText(/Connection lost — retrying, last update \d+ (s|min) ago/);
    await expect(wall.value("nodes")).toHaveText(nodesUp!);
    await page.unroute("**/api/v1/ops/**");
    await expect(wall.board()).toHaveAttribute("data-connection", "ok", { timeout: 40_000 });
    await expect(wall.connection()).toContainText(/Updated \d+ s ago/);
  });
});

test("a tenant user is refused the ops overview, the wallboard and their API", async ({ page, baseURL }) => {
  await signUpViaApi(page.request, baseURL!, newTestAccount("Tenant"));
  for (const path of ["/ops", "/ops/nodes", "/ops/wall"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "Platform admins only" })).toBeVisible();
    await expect(page.getByTestId("wallboard")).toHaveCount(0);
  }
  for (const path of ["/api/v1/ops/metrics/cluster", "/api/v1/ops/metrics/tenants", "/api/v1/ops/nodes/node-1/metrics", "/api/v1/ops/pods/troubled", "/api/v1/ops/events/warnings", "/api/v1/ops/rollouts"]) {
    expect((await page.request.get(path)).status(), path).toBe(403);
  }
});
