import { expect, type Locator, type Page } from "@playwright/test";

/** /{tenant}/images (the tenant's repositories) and /{tenant}/images/{repo} (one repository's tags). */
export class ImagesPage {
  constructor(
    private readonly page: Page,
    private readonly slug: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`/${this.slug}/images`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Images" })).toBeVisible();
  }

  repositoriesTable(): Locator {
    return this.page.getByRole("table", { name: "Repositories" });
  }

  /** The row of one repository in the list, found by its full name (`<tenant>/<name>`). */
  repositoryRow(name: string): Locator {
    return this.repositoriesTable().getByRole("row").filter({ has: this.page.getByRole("link", { name: `${this.slug}/${name}`, exact: true }) });
  }

  /** The cell of a repository's row under a column header of the list. */
  async repositoryCell(name: string, column: "Tags" | "Last push" | "Pulls" | "Stars"): Promise<Locator> {
    const headers = await this.repositoriesTable().getByRole("columnheader").allInnerTexts();
    const index = headers.findIndex((header) => header.trim() === column);
    if (index < 0) throw new Error(`no column ${column} in ${headers.join(", ")}`);
    return this.repositoryRow(name).getByRole("cell").nth(index);
  }

  async openRepository(name: string): Promise<void> {
    await this.repositoryRow(name).getByRole("link", { name: `${this.slug}/${name}`, exact: true }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: `${this.slug}/${name}` })).toBeVisible();
  }

  tagsTable(): Locator {
    return this.page.getByRole("table", { name: "Tags" });
  }

  tagRow(tag: string): Locator {
    return this.tagsTable().getByRole("row").filter({ has: this.page.getByRole("cell", { name: tag, exact: true }) });
  }

  starButton(name: string): Locator {
    return this.page.getByRole("button", { name: new RegExp(`^(Star|Remove your star from) ${this.slug}/${name} `) });
  }

  /** Opens the tag's layer list and returns it. */
  async showLayers(tag: string): Promise<Locator> {
    await this.tagRow(tag).getByRole("button", { name: new RegExp(`^Show the \\d+ layers of ${tag}$`) }).click();
    const layers = this.page.getByRole("list", { name: "Layers, in order, with their compressed sizes" });
    await expect(layers).toBeVisible();
    return layers;
  }

  /** Deletes a tag through its confirmation dialog and waits for the dialog to close. */
  async deleteTag(tag: string): Promise<void> {
    await this.tagRow(tag).getByRole("button", { name: `Delete tag ${tag}` }).click();
    const dialog = this.page.getByRole("dialog", { name: `Delete tag ${tag}?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Delete tag" }).click();
    await expect(dialog).toBeHidden();
  }
}
