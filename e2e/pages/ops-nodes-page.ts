import type { Locator, Page } from "@playwright/test";

/** /ops/nodes: the nodes table, with a row's charts opened below it. */
export class OpsNodesPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/ops/nodes");
  }

  rows(): Locator {
    return this.page.getByTestId("node-row");
  }

  row(node: string): Locator {
    return this.page.locator(`[data-testid="node-row"][data-node="${node}"]`);
  }

  async openCharts(node: string): Promise<Locator> {
    await this.page.getByRole("button", { name: `Charts of ${node}` }).click();
    return this.page.getByTestId(`node-charts-${node}`);
  }
}
