import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { expect, test } from "@playwright/test";

import { formatBytes } from "@/lib/format/format-bytes";
import { writeOciLayout } from "@/scripts/test-support/oci-image-layout";

import { newTestAccount, signUpViaApi } from "./fixtures/sign-up-via-api";
import { registryHost, skopeo } from "./fixtures/skopeo";
import { ImagesPage } from "./pages/images-page";

// The image hub end to end, against the app started as a user starts it, with its real registry: an image written
// by the test is pushed with skopeo using the account's email and password, shows up in the hub with its size and
// push time, a pull with skopeo raises the pull count, and deleting the tag in the hub removes it from the registry.

test("a pushed image shows in the hub with its size, counts its pulls, and is deleted from the registry", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const account = newTestAccount("Hub");
  const slug = await signUpViaApi(page.request, baseURL!, account);
  const creds = `${account.email}:${account.password}`;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-e2e-hub-"));
  try {
    const image = writeOciLayout(path.join(home, "oci"), "v1");
    const reference = `docker://${registryHost}/${slug}/web:v1`;
    const pushed = await skopeo(home, ["copy", "--dest-tls-verify=false", "--dest-creds", creds, `oci:${image.dir}:v1`, reference]);
    expect(pushed.ok, pushed.output).toBe(true);

    // The registry's push notification puts the repository and tag in the hub.
    const hub = new ImagesPage(page, slug);
    await expect(async () => {
      await hub.open();
      await expect(hub.repositoryRow("web")).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(await hub.repositoryCell("web", "Tags")).toHaveText("1");
    // The real registry answers the hub's probe: the page asks whether it is reachable, hears yes, and shows no banner.
    const registryStatus = page.waitForResponse((response) => response.url().endsWith(`/api/v1/tenants/${slug}/registry-status`));
    await page.reload();
    expect(await (await registryStatus).json()).toMatchObject({ reachable: true, lastReachableAt: expect.any(String) });
    await expect(hub.repositoryRow("web")).toBeVisible();
    await expect(page.getByTestId("registry-status-banner")).toHaveCount(0);
    await expect(await hub.repositoryCell("web", "Last push")).toHaveText(/now|second|minute/);
    await expect(await hub.repositoryCell("web", "Pulls")).toHaveText("0");

    await hub.openRepository("web");
    const row = hub.tagRow("v1");
    await expect(row).toContainText(formatBytes(image.totalBytes, "en-US"));
    await expect(row).toContainText(image.manifestDigest.slice(0, "sha256:".length + 12));
    await expect(row).toContainText(account.email);
    await expect(row).toContainText(/now|second|minute/);
    await expect(row).toContainText("linux/amd64");
    const layers = await hub.showLayers("v1");
    await expect(layers.getByRole("listitem")).toHaveCount(1);
    await expect(layers).toContainText(formatBytes(image.layerBytes, "en-US"));

    // A star is the signed-in person's, counted once.
    await hub.starButton("web").click();
    await expect(hub.starButton("web")).toHaveAttribute("aria-pressed", "true");
    await expect(hub.starButton("web")).toHaveText(/1/);

    // Pulling it back counts as a pull once the registry's notification arrives.
    const pulled = await skopeo(home, ["inspect", "--tls-verify=false", "--creds", creds, reference]);
    expect(pulled.ok, pulled.output).toBe(true);
    expect(pulled.output).toContain(image.manifestDigest);
    await expect(async () => {
      await hub.open();
      await expect(await hub.repositoryCell("web", "Pulls")).toHaveText("1", { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(await hub.repositoryCell("web", "Stars")).toHaveText(/1/);

    // Deleting the tag (after confirming) deletes the manifest in the registry.
    await hub.openRepository("web");
    await hub.deleteTag("v1");
    await expect(page.getByText("Tag v1 deleted.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "No tags yet" })).toBeVisible();
    const gone = await skopeo(home, ["inspect", "--tls-verify=false", "--creds", creds, reference]);
    expect(gone.ok).toBe(false);
    expect(gone.output).toMatch(/manifest unknown|not found/i);
    await page.reload();
    await expect(page.getByRole("heading", { name: "No tags yet" })).toBeVisible();
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
