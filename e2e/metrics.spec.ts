import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { expect, test } from "@playwright/test";

import { writeOciLayout } from "@/scripts/test-support/oci-image-layout";

import { newTestAccount, signUpViaApi } from "./fixtures/sign-up-via-api";
import { registryHost, skopeo } from "./fixtures/skopeo";
import { DeploymentsPage } from "./pages/deployments-page";
import { MetricsCharts, TenantMetricsPage } from "./pages/metrics-page";
import { WorkloadPage } from "./pages/workload-page";

// A deployment's metrics end to end (issue 7): a two-replica workload runs a scripted load in the simulated cluster,
// the collector scrapes its kubelets' cAdvisor through the API server (every 5 s in this config), and the workload's
// Metrics tab draws it with numbers; switching range asks the API for that range; the live tail moves on with the
// next scrape. The tenant's Metrics page and overview then show it against the quota and among the top workloads.

test("a deployment's charts render with data, switching range refetches, the live tail advances", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const account = newTestAccount("Metrics");
  const slug = await signUpViaApi(page.request, baseURL!, account);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-e2e-metrics-"));
  const repository = `${registryHost}/${slug}/busy`;
  try {
    const image = writeOciLayout(path.join(home, "oci"), "v1");
    const pushed = await skopeo(home, ["copy", "--dest-tls-verify=false", "--dest-creds", `${account.email}:${account.password}`, `oci:${image.dir}:v1`, `docker://${repository}:v1`]);
    expect(pushed.ok, pushed.output).toBe(true);

    const deployments = new DeploymentsPage(page, slug);
    await deployments.open();
    await deployments.openDeployForm();
    await deployments.fillBasics({ name: "busy", image: `${repository}:v1`, replicas: 2 });
    // Each simulated container burns 200 millicores and holds 64 MiB.
    await deployments.addEnv("APIARY_SIM_CPU_MILLICORES", "200");
    await deployments.addEnv("APIARY_SIM_MEMORY_MIB", "64");
    await deployments.submit();

    const workload = new WorkloadPage(page, slug, "busy");
    await expect(page).toHaveURL(new RegExp(`/${slug}/deployments/busy$`), { timeout: 30_000 });
    await workload.expectState("available");

    // The Metrics tab: every chart drawn with data, and CPU and memory stated as real numbers in their units.
    const first = page.waitForResponse((response) => response.url().includes("/metrics?") && response.url().includes("range=1h"));
    await workload.openMetrics();
    expect((await first).status()).toBe(200);
    const charts = new MetricsCharts(page);
    await charts.expectData("cpu");
    await charts.expectData("memory");
    await charts.expectData("network");
    await expect(charts.latestValue("cpu", "cpu")).toHaveText(/^\d+(\.\d+)?m$|cores?$/);
    await expect(charts.latestValue("memory", "memory")).toHaveText(/^\d+(\.\d+)? MiB$/);
    await expect(charts.chart("cpu").getByTestId("chart-summary")).toContainText(/Used\s*\d/);
    await expect(charts.chart("cpu").getByTestId("data-age")).toContainText(/updated \d+ s ago/);
    await expect(page.getByTestId("metrics-mode")).toContainText("Live · every 5 s");

    // Switching range asks the API for that range (a new query), and the charts follow it.
    const sixHours = await charts.switchRange("6h");
    expect(sixHours.status()).toBe(200);
    expect((await sixHours.json()).range).toBe("6h");
    const fifteen = await charts.switchRange("15m");
    expect((await fifteen.json()).stepSeconds).toBe(5);
    await charts.expectData("cpu");

    // The live tail: after the next scrape the newest point is later, and its value is still a number.
    const before = await charts.latestAt("cpu");
    expect(before).toBeGreaterThan(0);
    await expect.poll(() => charts.latestAt("cpu"), { timeout: 30_000, intervals: [1_000] }).toBeGreaterThan(before);
    await expect(charts.latestValue("cpu", "cpu")).toHaveText(/\d/);

    // The tenant's Metrics page: requests against the quota, the tenant's charts, and busy among the top workloads.
    const tenantMetrics = new TenantMetricsPage(page, slug);
    await tenantMetrics.open();
    await expect(tenantMetrics.quotaBar("pods")).toHaveAttribute("data-used", "2");
    await expect(tenantMetrics.quotaBar("cpu")).toHaveAttribute("data-used", /^0?\.?\d/);
    await tenantMetrics.charts.expectData("cpu");
    const top = tenantMetrics.topWorkload("cpuCores", "busy");
    await expect(top).toBeVisible({ timeout: 30_000 });
    await expect(top.getByTestId("sparkline")).toBeVisible();
    await top.getByRole("link", { name: "Metrics of busy" }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/deployments/busy\\?tab=metrics$`));
    await expect(page.getByRole("tab", { name: "Metrics" })).toHaveAttribute("aria-selected", "true");
    await charts.expectData("cpu");

    // The overview's usage card shows the same workload with its sparkline.
    await page.goto(`/${slug}`);
    await expect(page.getByTestId("tenant-usage").locator('[data-testid="top-workload-row"][data-name="busy"]').first()).toBeVisible({ timeout: 30_000 });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
