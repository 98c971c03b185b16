import { expect, request as playwrightRequest, test } from "@playwright/test";

import { newTestAccount, signUpViaApi } from "./fixtures/sign-up-via-api";
import { ConsoleHeader } from "./pages/console-header";
import { InvitationPage } from "./pages/invitation-page";
import { SettingsPage } from "./pages/settings-page";
import { SignInPage } from "./pages/sign-in-page";
import { SignUpPage } from "./pages/sign-up-page";
import { TenantOverviewPage } from "./pages/tenant-overview-page";

// Tenancy end to end, against the real app, database and simulated cluster: an owner signs up and gets a
// provisioned namespace, invites a viewer who joins from a second browser, the viewer's buttons are disabled and
// the API refuses them, and an API key created in the UI works for a script while no key gets 401.

test("an owner signs up, invites a viewer, and automates with an API key", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const origin = new URL(baseURL!).origin;
  const owner = newTestAccount("Owner");
  const viewer = newTestAccount("Viewer");

  // Sign up: the API answers after the namespace exists, and the page lands on the new tenant's overview.
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.signUp(owner);
  await page.waitForURL((url) => /^\/[a-z0-9-]+$/.test(url.pathname) && url.pathname !== "/sign-up", { timeout: 60_000 });
  const slug = new URL(page.url()).pathname.slice(1);

  const overview = new TenantOverviewPage(page, slug);
  await overview.expectTenant(owner.tenantName);
  await overview.expectNamespace(`t-${slug}`);
  await overview.expectStatus("Active");
  await overview.expectQuota();

  // The header knows who is signed in and which tenants they have.
  const header = new ConsoleHeader(page);
  await expect(header.userMenuButton()).toBeVisible();
  const switcher = await header.openTenantSwitcher();
  await expect(switcher.getByRole("link", { name: new RegExp(owner.tenantName) })).toHaveAttribute("aria-current", "page");
  await page.keyboard.press("Escape");

  // Invite a viewer; the link is shown to copy.
  const settings = new SettingsPage(page, slug);
  await settings.open("members");
  const link = await settings.invite(viewer.email, "Viewer");
  expect(link).toMatch(/\/invitations\/[^/]+$/);
  await expect(settings.invitationRow(viewer.email).getByText("Pending")).toBeVisible();

  // The invitee opens the link in a second browser, signs up with it and lands in the tenant.
  const viewerContext = await browser.newContext({ baseURL });
  const viewerPage = await viewerContext.newPage();
  try {
    const invitation = new InvitationPage(viewerPage);
    await invitation.open(link);
    await invitation.expectInvitation(owner.tenantName, "Viewer");
    await expect(viewerPage.getByLabel("Email")).toHaveValue(viewer.email);
    await invitation.signUpToAccept({ name: viewer.name, password: viewer.password });
    await viewerPage.waitForURL(`**/${slug}`);
    await new TenantOverviewPage(viewerPage, slug).expectNamespace(`t-${slug}`);

    // As a viewer: deployments are visible, settings show, and every mutating control is disabled.
    await viewerPage.goto(`/${slug}/deployments`);
    await expect(viewerPage.getByRole("heading", { level: 1, name: "Deployments" })).toBeVisible();
    await expect(viewerPage.getByRole("main").getByRole("button", { name: "Deploy", exact: true }).first()).toBeDisabled();
    const deploy = await viewerPage.request.post(`/api/v1/tenants/${slug}/deployments`, {
      data: { spec: { name: "web", image: "nginx:1.27" } },
      headers: { origin },
    });
    expect(deploy.status()).toBe(403);
    const viewerSettings = new SettingsPage(viewerPage, slug);
    await viewerSettings.open("members");
    await expect(viewerSettings.memberRow(owner.email)).toBeVisible();
    await expect(viewerSettings.inviteButton()).toBeDisabled();
    await expect(viewerSettings.roleSelectOf(owner.name)).toBeDisabled();
    await expect(viewerSettings.memberRow(owner.email).getByRole("button", { name: "Remove" })).toBeDisabled();
    await viewerSettings.open("api-keys");
    await expect(viewerSettings.createApiKeyButton()).toBeDisabled();
    await expect(viewerPage.getByText("Your role cannot see this tenant's API keys.")).toBeVisible();

    // The server enforces the same: the viewer's own session, from a same-origin page, is refused.
    const refused = await viewerPage.request.post(`/api/v1/tenants/${slug}/invitations`, {
      data: { email: `someone-${Date.now()}@example.test`, role: "viewer" },
      headers: { origin },
    });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden");
  } finally {
    await viewerContext.close();
  }

  // The owner sees the new member, then creates an API key in the UI and reads it from the dialog, once.
  await settings.open("members");
  await expect(settings.memberRow(viewer.email)).toBeVisible();
  await settings.open("api-keys");
  const key = await settings.createApiKey(`ci-${Date.now()}`, "Developer");
  expect(key.length).toBeGreaterThan(20);
  await expect(page.getByRole("table", { name: "API keys" }).getByRole("row")).toHaveCount(2);

  // A script with the key: members and deployments answer; without a key, 401.
  const script = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  const anonymous = await playwrightRequest.newContext({ baseURL });
  try {
    const members = await script.get(`/api/v1/tenants/${slug}/members`);
    expect(members.status()).toBe(200);
    const emails = ((await members.json()) as { items: { email: string }[] }).items.map((member) => member.email).sort();
    expect(emails).toEqual([owner.email, viewer.email].sort());

    const deployments = await script.get(`/api/v1/tenants/${slug}/deployments`);
    expect(deployments.status()).toBe(200);
    expect(await deployments.json()).toEqual({ items: [], total: 0, nextCursor: null });

    const noKey = await anonymous.get(`/api/v1/tenants/${slug}/members`);
    expect(noKey.status()).toBe(401);
    expect((await noKey.json()).error.code).toBe("unauthorized");
  } finally {
    await script.dispose();
    await anonymous.dispose();
  }
});

test("signing out closes the console, and signing in returns to the page asked for", async ({ page, baseURL }) => {
  const account = newTestAccount("Returning");
  const slug = await signUpViaApi(page.request, baseURL!, account);

  await page.goto(`/${slug}/settings?tab=security`);
  await expect(page.getByRole("cell", { name: /This device/ })).toBeVisible();
  await new ConsoleHeader(page).signOut();

  // Signed out, a tenant page sends to sign-in and remembers where the visitor wanted to go.
  await page.goto(`/${slug}/settings?tab=members`);
  await page.waitForURL(/\/sign-in\?next=/);
  const signIn = new SignInPage(page);
  await signIn.signIn(account.email, "not the password");
  await expect(page.getByText("The email or password is not right.")).toBeVisible();
  await signIn.signIn(account.email, account.password);
  await page.waitForURL((url) => url.pathname === `/${slug}/settings` && url.searchParams.get("tab") === "members");
  await expect(new SettingsPage(page, slug).memberRow(account.email)).toBeVisible();
});

test("a signed-in member without platform admin sees that the ops screens are not for them", async ({ page, baseURL }) => {
  await signUpViaApi(page.request, baseURL!, newTestAccount("Member"));
  await page.goto("/ops/tenants");
  await expect(page.getByRole("heading", { name: "Platform admins only" })).toBeVisible();
  const response = await page.request.get("/api/v1/ops/tenants");
  expect(response.status()).toBe(403);
});
