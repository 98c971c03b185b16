import { expect, type Locator, type Page } from "@playwright/test";

type Tab = "members" | "api-keys" | "audit" | "security";

/** /{tenant}/settings and its sections. */
export class SettingsPage {
  constructor(
    private readonly page: Page,
    private readonly slug: string,
  ) {}

  async open(tab: Tab): Promise<void> {
    await this.page.goto(`/${this.slug}/settings?tab=${tab}`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  }

  inviteButton(): Locator {
    return this.page.getByRole("button", { name: "Invite", exact: true });
  }

  createApiKeyButton(): Locator {
    return this.page.getByRole("button", { name: "Create API key" });
  }

  roleSelectOf(memberName: string): Locator {
    return this.page.getByRole("combobox", { name: `Role of ${memberName}` });
  }

  /** A row of the members table (the invitations table below also names people, as invitee or inviter). */
  memberRow(email: string): Locator {
    return this.page.getByRole("table", { name: "Members" }).getByRole("row").filter({ hasText: email });
  }

  invitationRow(email: string): Locator {
    return this.page.getByRole("table", { name: "Invitations" }).getByRole("row").filter({ hasText: email });
  }

  /** Invites someone and returns the invitation link the page shows to copy. */
  async invite(email: string, role: "Owner" | "Admin" | "Developer" | "Viewer"): Promise<string> {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Role", { exact: true }).selectOption({ label: role });
    await this.inviteButton().click();
    const link = this.page.getByLabel("Invitation link");
    await expect(link).toBeVisible();
    return link.inputValue();
  }

  /** Creates a key and returns it, read from the dialog that shows it once; closes the dialog. */
  async createApiKey(name: string, role: "Owner" | "Admin" | "Developer" | "Viewer"): Promise<string> {
    await this.page.getByLabel("Name").fill(name);
    await this.page.getByLabel("Role", { exact: true }).selectOption({ label: role });
    await this.createApiKeyButton().click();
    const dialog = this.page.getByRole("dialog", { name: `API key “${name}” created` });
    await expect(dialog).toBeVisible();
    const key = await dialog.getByLabel("Your new API key").inputValue();
    await dialog.getByRole("button", { name: "I have copied it" }).click();
    await expect(dialog).toBeHidden();
    return key;
  }
}
