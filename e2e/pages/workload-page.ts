import { expect, type Locator, type Page } from "@playwright/test";

export interface RolloutCounts {
  updated: number;
  ready: number;
  available: number;
  desired: number;
}

/** /{tenant}/deployments/{name}: the workload, its rollout and the rollout controls. */
export class WorkloadPage {
  constructor(
    private readonly page: Page,
    private readonly slug: string,
    readonly name: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`/${this.slug}/deployments/${this.name}`);
    await expect(this.page.getByRole("heading", { level: 1, name: new RegExp(this.name) })).toBeVisible();
  }

  /** Opens the Metrics tab. */
  async openMetrics(): Promise<void> {
    await this.page.getByRole("tab", { name: "Metrics" }).click();
    await expect(this.page.getByTestId("workload-metrics")).toBeVisible();
  }

  get image(): Locator {
    return this.page.getByTestId("workload-image");
  }

  get panel(): Locator {
    return this.page.getByTestId("rollout-panel");
  }

  /** Waits for the rollout panel to report a state: available, progressing, paused or failed. */
  async expectState(state: string, timeout = 90_000): Promise<void> {
    await expect(this.panel).toHaveAttribute("data-state", state, { timeout });
  }

  /** The progress bar's counts right now, or null when no bar is shown. */
  async counts(): Promise<RolloutCounts | null> {
    const bar = this.page.getByTestId("rollout-progress");
    if ((await bar.count()) === 0) return null;
    const read = async (name: string) => Number(await bar.getAttribute(`data-${name}`));
    return { updated: await read("updated"), ready: await read("ready"), available: await read("available"), desired: await read("desired") };
  }

  /** Reads the progress bar every 100 ms until `until` holds, and returns every distinct reading seen. */
  async watchProgress(until: () => Promise<boolean>, timeoutMs = 120_000): Promise<string[]> {
    const seen: string[] = [];
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const counts = await this.counts().catch(() => null);
      if (counts) {
        const key = `${counts.updated}/${counts.ready}/${counts.available} of ${counts.desired}`;
        if (seen[seen.length - 1] !== key) seen.push(key);
      }
      if (await until()) return seen;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`the rollout did not finish in ${timeoutMs} ms; progress seen: ${seen.join(", ")}`);
  }

  async upgrade(values: { image: string; maxSurge?: string; maxUnavailable?: string; canaryPods?: number }): Promise<void> {
    await this.page.getByTestId("action-upgrade").click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByLabel("New image", { exact: true }).fill(values.image);
    if (values.maxSurge !== undefined) await dialog.getByLabel("Max surge", { exact: true }).fill(values.maxSurge);
    if (values.maxUnavailable !== undefined) await dialog.getByLabel("Max unavailable", { exact: true }).fill(values.maxUnavailable);
    if (values.canaryPods !== undefined) await dialog.getByLabel(/^Canary: pause after/).fill(String(values.canaryPods));
    await dialog.getByRole("button", { name: "Start upgrade" }).click();
    await expect(dialog).toBeHidden();
  }

  /** Opens the roll back dialog from the action bar (or the rollout panel's offer) and rolls back to `revision`. */
  async rollBackTo(revision: number, from: "actions" | "panel" = "actions"): Promise<void> {
    await this.page.getByTestId(from === "actions" ? "action-rollback" : "rollout-rollback").click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByRole("radio", { name: new RegExp(`^Revision ${revision}\\b`) }).check();
    await expect(dialog.getByTestId("diff-summary")).toBeVisible();
    await dialog.getByRole("button", { name: `Roll back to revision ${revision}` }).click();
    await expect(dialog).toBeHidden();
  }

  async revisionOf(imageTag: string): Promise<number> {
    const rows = this.page.getByTestId("replica-set-row");
    const count = await rows.count();
    for (let i = 0; i < count; i++) {
      const row = rows.nth(i);
      if ((await row.innerText()).includes(imageTag)) return Number(await row.getAttribute("data-revision"));
    }
    throw new Error(`no ReplicaSet with ${imageTag}`);
  }
}
