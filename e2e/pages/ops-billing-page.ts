import type { Locator, Page } from "@playwright/test";

/** /ops/billing: price book, plans, vouchers, tenants by balance and revenue. */
export class OpsBillingPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/ops/billing");
  }

  section(id: "price-book" | "plans" | "vouchers" | "tenants" | "revenue"): Locator {
    return this.page.locator(`section#${id}`);
  }

  async createVoucherBatch(input: { label: string; count: number; amount: string }): Promise<void> {
    const vouchers = this.section("vouchers");
    await vouchers.getByLabel("Label").fill(input.label);
    await vouchers.getByLabel("Number of codes").fill(String(input.count));
    await vouchers.getByLabel("Amount").fill(input.amount);
    await vouchers.getByRole("button", { name: "Create codes" }).click();
  }

  createdCodes(): Locator {
    return this.page.getByTestId("created-voucher-codes");
  }
}
