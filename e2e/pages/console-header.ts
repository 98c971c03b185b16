import type { Locator, Page } from "@playwright/test";

/** The console's top bar: the tenant switcher and the user menu with sign-out. */
export class ConsoleHeader {
  constructor(private readonly page: Page) {}

  userMenuButton(): Locator {
    return this.page.getByRole("button", { name: /^Account menu for / });
  }

  async signOut(): Promise<void> {
    await this.userMenuButton().click();
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await this.page.waitForURL(/\/sign-in(\?|$)/);
  }

  async openTenantSwitcher(): Promise<Locator> {
    await this.page.getByRole("button", { name: /^Switch tenant/ }).click();
    return this.page.getByRole("navigation", { name: "Tenant" });
  }
}
