import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { expect, test } from "@playwright/test";

import { writeOciLayout } from "@/scripts/test-support/oci-image-layout";

import { newTestAccount, signUpViaApi } from "./fixtures/sign-up-via-api";
import { registryHost, skopeo } from "./fixtures/skopeo";
import { DeploymentsPage } from "./pages/deployments-page";
import { WorkloadPage } from "./pages/workload-page";

// Deploying and upgrading end to end, as issue 6 describes it: two tags pushed with skopeo into the tenant's hub,
// v1 deployed from the form with 4 replicas, a readiness probe and minReadySeconds, upgraded to v2 one pod at a time
// (maxSurge 1, maxUnavailable 0) while the progress bar moves, rolled back to revision 1; a tag that does not exist
// fails with ErrImagePull and offers a rollback; a canary pauses after one new pod and resumes. The pods are run by
// the simulated kubelets, which pull the images from the real registry with the tenant's pull secret.

test("deploy v1, upgrade to v2 live, roll back, fail on a missing tag, canary and resume", async ({ page, baseURL }) => {
  test.setTimeout(420_000);
  const account = newTestAccount("Deploy");
  const slug = await signUpViaApi(page.request, baseURL!, account);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-e2e-deploy-"));
  const repository = `${registryHost}/${slug}/web`;
  try {
    for (const tag of ["v1", "v2"]) {
      const image = writeOciLayout(path.join(home, `oci-${tag}`), tag);
      const pushed = await skopeo(home, ["copy", "--dest-tls-verify=false", "--dest-creds", `${account.email}:${account.password}`, `oci:${image.dir}:${tag}`, `docker://${repository}:${tag}`]);
      expect(pushed.ok, pushed.output).toBe(true);
    }

    // Deploy v1 from the form.
    const deployments = new DeploymentsPage(page, slug);
    await deployments.open();
    await deployments.openDeployForm();
    await deployments.fillBasics({ name: "web", image: `${repository}:v1`, replicas: 4 });
    await deployments.field("Container port").fill("8080");
    await deployments.groupField("Readiness probe", "Check").selectOption("http");
    await deployments.groupField("Readiness probe", "Path").fill("/healthz");
    await deployments.groupField("Readiness probe", "Port").fill("8080");
    await deployments.groupField("Readiness probe", "Period (seconds)").fill("1");
    await deployments.field("Min ready seconds").fill("2");
    await deployments.field("Progress deadline (seconds)").fill("15");
    // The simulated container passes its readiness probe a second after it starts.
    await deployments.addEnv("APIARY_SIM_READY_AFTER", "1");
    await deployments.submit();

    const workload = new WorkloadPage(page, slug, "web");
    await expect(page).toHaveURL(new RegExp(`/${slug}/deployments/web$`), { timeout: 30_000 });
    await workload.expectState("available");
    await expect(workload.image).toContainText(":v1");
    expect(await workload.counts()).toEqual({ updated: 4, ready: 4, available: 4, desired: 4 });

    // Upgrade to v2 one pod at a time and watch the bar move through the states in between.
    await workload.upgrade({ image: `${repository}:v2`, maxSurge: "1", maxUnavailable: "0" });
    const progress = await workload.watchProgress(async () => (await workload.panel.getAttribute("data-state")) === "available" && (await workload.image.innerText()).includes(":v2"));
    const distinct = new Set(progress);
    expect(distinct.size, `progress seen: ${progress.join(", ")}`).toBeGreaterThanOrEqual(3);
    expect(await workload.counts()).toEqual({ updated: 4, ready: 4, available: 4, desired: 4 });
    await expect(page.getByTestId("workload-revision")).toContainText("2");

    // Roll back to revision 1: v1 again, as a new revision (kubectl rollout undo numbers it the same way).
    await workload.rollBackTo(1);
    await expect(workload.image).toContainText(":v1", { timeout: 30_000 });
    await workload.expectState("available");
    await expect(page.getByTestId("workload-revision")).toContainText("3");

    // A tag that does not exist: the new pod cannot pull it, the progress deadline passes, and a rollback is offered.
    await workload.upgrade({ image: `${repository}:v404` });
    await workload.expectState("failed", 120_000);
    await expect(workload.panel).toContainText("ProgressDeadlineExceeded");
    await expect(workload.panel).toContainText(/ErrImagePull|ImagePullBackOff/);
    await expect(page.getByTestId("rollout-rollback")).toBeEnabled();
    await workload.rollBackTo(3, "panel");
    await expect(workload.image).toContainText(":v1", { timeout: 30_000 });
    await workload.expectState("available");

    // Canary: the rollout pauses itself after one new pod; resuming finishes it.
    await workload.upgrade({ image: `${repository}:v2`, maxSurge: "1", maxUnavailable: "0", canaryPods: 1 });
    await workload.expectState("paused");
    const paused = await workload.counts();
    expect(paused?.updated).toBe(1);
    expect(paused?.desired).toBe(4);
    await page.getByTestId("rollout-resume").click();
    await workload.watchProgress(async () => (await workload.panel.getAttribute("data-state")) === "available");
    expect(await workload.counts()).toEqual({ updated: 4, ready: 4, available: 4, desired: 4 });
    await expect(workload.image).toContainText(":v2");

    // The list agrees, live.
    await deployments.open();
    await expect(deployments.row("web").getByTestId("workload-state")).toHaveAttribute("data-state", "available");
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
