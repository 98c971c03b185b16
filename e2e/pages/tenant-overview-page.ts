import { expect, type Page } from "@playwright/test";

export class TenantOverviewPage {
  constructor(
    private readonly page: Page,
    private readonly slug: string,
  ) {}

  async goto(): Promise<void> {
    await this.page.goto(`/${this.slug}`);
  }

  async expectTenant(name: string): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }

  async expectNamespace(namespace: string): Promise<void> {
    await expect(this.page.getByTestId("tenant-namespace")).toHaveText(namespace);
  }

  /** The plan's quota table: CPU, memory and pods, each with a value. */
  async expectQuota(): Promise<void> {
    const quota = this.page.getByRole("table", { name: /Resources the tenant's namespace/ });
    await expect(quota).toBeVisible();
    for (const row of ["CPU (vCPU)", "Memory", "Pods"]) {
      await expect(quota.getByRole("row", { name: new RegExp(`^${row.replace(/[()]/g, "\\$&")}\\s+\\S`) })).toBeVisible();
    }
  }

  async expectStatus(status: string): Promise<void> {
    await expect(this.page.getByText(status, { exact: true }).first()).toBeVisible();
  }
}
