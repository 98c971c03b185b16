import type { Locator, Page } from "@playwright/test";

/** /ops: cluster capacity and charts, tenants by usage, failing pods, warnings, rollouts. */
export class OpsOverviewPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/ops");
  }

  capacity(): Locator {
    return this.page.getByTestId("cluster-capacity");
  }

  capacityResource(resource: "cpu" | "memory"): Locator {
    return this.page.getByTestId(`capacity-${resource}`);
  }

  panel(name: "tenant-usage" | "troubled-pods" | "warning-events" | "rollouts"): Locator {
    return this.page.getByTestId(`panel-${name}`);
  }

  chart(name: "cluster-cpu" | "cluster-memory"): Locator {
    return this.page.getByTestId(`chart-${name}`);
  }

  async chooseRange(label: string): Promise<void> {
    await this.page.getByRole("radio", { name: label }).click();
  }
}
