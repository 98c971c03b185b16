import { expect, type Locator, type Page } from "@playwright/test";

/** /{tenant}/billing: balance and state, burn rate, redeem form, transactions and invoices. */
export class BillingPage {
  constructor(
    private readonly page: Page,
    private readonly slug: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`/${this.slug}/billing`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
    await expect(this.balance).toBeVisible();
  }

  get balance(): Locator {
    return this.page.getByTestId("billing-balance");
  }

  get state(): Locator {
    return this.page.getByTestId("billing-state");
  }

  get banner(): Locator {
    return this.page.getByTestId("billing-banner");
  }

  /** Waits for the shown balance to differ from `previous` and returns the new text. */
  async waitForBalanceOtherThan(previous: string, timeout = 30_000): Promise<string> {
    await expect(this.balance).not.toHaveText(previous, { timeout });
    return (await this.balance.innerText()).trim();
  }

  async expectState(state: "ok" | "low" | "warned" | "suspended", timeout = 60_000): Promise<void> {
    await expect(this.state).toHaveAttribute("data-state", state, { timeout });
  }

  async redeem(code: string): Promise<void> {
    await this.page.getByLabel("Voucher code").fill(code);
    await this.page.getByRole("button", { name: "Redeem", exact: true }).click();
  }

  get redeemResult(): Locator {
    return this.page.getByTestId("redeem-result");
  }
}
