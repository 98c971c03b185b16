import type { Page } from "@playwright/test";

/** /sign-up, and the sign-up form shown on an invitation page (the same fields, without the tenant name). */
export class SignUpPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/sign-up");
  }

  async signUp(account: { name: string; email?: string; password: string; tenantName?: string }): Promise<void> {
    await this.page.getByLabel("Your name").fill(account.name);
    if (account.email !== undefined) await this.page.getByLabel("Email").fill(account.email);
    await this.page.getByLabel("Password", { exact: true }).fill(account.password);
    if (account.tenantName !== undefined) await this.page.getByLabel("Organization name").fill(account.tenantName);
    await this.page.getByRole("button", { name: /^Create account/ }).click();
  }
}
