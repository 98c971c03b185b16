import { expect, type Locator, type Page, type Response } from "@playwright/test";

/** The charts of a workload's Metrics tab (/{tenant}/deployments/{name}) or of the tenant's Metrics page. */
export class MetricsCharts {
  constructor(private readonly page: Page) {}

  chart(name: "cpu" | "memory" | "network" | "filesystem"): Locator {
    return this.page.getByTestId(`chart-${name}`);
  }

  /** The latest value a chart's legend states for one series ("250m", "200 MiB"). */
  latestValue(chart: "cpu" | "memory" | "network" | "filesystem", series: string): Locator {
    return this.chart(chart).locator(`[data-testid="latest-value"][data-series="${series}"]`);
  }

  /** Waits for a chart to be drawn with data (not its empty state). */
  async expectData(chart: "cpu" | "memory" | "network" | "filesystem", timeout = 60_000): Promise<void> {
    await expect(this.chart(chart)).toHaveAttribute("data-has-data", "true", { timeout });
    await expect(this.chart(chart).locator("svg.recharts-surface").first()).toBeVisible();
  }

  /** The time (ms) of a chart's newest point with data. */
  async latestAt(chart: "cpu" | "memory" | "network" | "filesystem"): Promise<number> {
    return Number(await this.chart(chart).getAttribute("data-latest-at"));
  }

  /** Picks a range and returns the API answer it asked for. */
  async switchRange(range: "15m" | "1h" | "6h" | "24h" | "7d"): Promise<Response> {
    const answered = this.page.waitForResponse((response) => response.url().includes("/metrics?") && new URL(response.url()).searchParams.get("range") === range);
    await this.page.getByTestId(`range-${range}`).click();
    const response = await answered;
    await expect(this.page.getByTestId("metric-charts")).toHaveAttribute("data-range", range);
    return response;
  }
}

/** /{tenant}/metrics: quota usage, the tenant's charts and its top workloads. */
export class TenantMetricsPage {
  readonly charts: MetricsCharts;

  constructor(
    private readonly page: Page,
    private readonly slug: string,
  ) {
    this.charts = new MetricsCharts(page);
  }

  async open(): Promise<void> {
    await this.page.goto(`/${this.slug}/metrics`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Metrics" })).toBeVisible();
  }

  quotaBar(resource: "cpu" | "memory" | "pods"): Locator {
    return this.page.getByTestId(`quota-${resource}`);
  }

  topWorkload(metric: "cpuCores" | "memoryBytes", name: string): Locator {
    return this.page.getByTestId(`top-${metric}`).locator(`[data-testid="top-workload-row"][data-name="${name}"]`);
  }
}
