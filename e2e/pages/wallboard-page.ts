import type { Locator, Page } from "@playwright/test";

/** /ops/wall: the full-screen wallboard. */
export class WallboardPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/ops/wall");
  }

  board(): Locator {
    return this.page.getByTestId("wallboard");
  }

  value(tile: "nodes" | "cpu" | "memory" | "pods" | "troubled" | "rollouts" | "warnings"): Locator {
    return this.page.getByTestId(`wall-${tile}-value`);
  }

  connection(): Locator {
    return this.page.getByTestId("wall-connection");
  }
}
