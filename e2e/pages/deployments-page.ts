import { expect, type Locator, type Page } from "@playwright/test";

/** /{tenant}/deployments (the list) and /{tenant}/deployments/new (the deploy form). */
export class DeploymentsPage {
  constructor(
    private readonly page: Page,
    private readonly slug: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`/${this.slug}/deployments`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Deployments" })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="workload-row"][data-name="${name}"]`);
  }

  async openDeployForm(): Promise<void> {
    await this.page.getByRole("main").getByRole("link", { name: "Deploy", exact: true }).first().click();
    await expect(this.page.getByLabel("Name", { exact: true })).toBeVisible();
  }

  /** Fills the form's basics; the rest of the form is reached through `field`. */
  async fillBasics(values: { name: string; image: string; replicas: number }): Promise<void> {
    await this.page.getByLabel("Name", { exact: true }).fill(values.name);
    await this.page.getByLabel("Image", { exact: true }).fill(values.image);
    await this.page.getByLabel("Replicas", { exact: true }).fill(String(values.replicas));
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  /** A field inside one fieldset of the form (the readiness and liveness probes share their labels). */
  groupField(legend: string, label: string): Locator {
    return this.page.getByRole("group", { name: legend }).getByLabel(label, { exact: true });
  }

  async addEnv(name: string, value: string): Promise<void> {
    await this.page.getByRole("button", { name: "Add variable" }).click();
    const count = await this.page.getByLabel(/^Variable \d+ name$/).count();
    await this.page.getByLabel(`Variable ${count} name`, { exact: true }).fill(name);
    await this.page.getByLabel(`Variable ${count} value`, { exact: true }).fill(value);
  }

  async submit(): Promise<void> {
    await this.page.getByRole("button", { name: "Deploy", exact: true }).last().click();
  }
}
