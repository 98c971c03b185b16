import { expect, type Page } from "@playwright/test";

import { SignUpPage } from "./sign-up-page";

/** /invitations/{token}: what the invitee sees before and after signing up. */
export class InvitationPage {
  constructor(private readonly page: Page) {}

  /** Opens the link on this test's server (the link's own origin may name another host for the same app). */
  async open(link: string): Promise<void> {
    await this.page.goto(new URL(link).pathname);
  }

  async expectInvitation(tenantName: string, role: string): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1, name: `Join ${tenantName}` })).toBeVisible();
    await expect(this.page.getByText(new RegExp(`invited to join as ${role}`))).toBeVisible();
  }

  async signUpToAccept(account: { name: string; password: string }): Promise<void> {
    // Name and password only: the invitation's email is filled in, and there is no tenant to name.
    await new SignUpPage(this.page).signUp({ name: account.name, password: account.password });
  }
}
