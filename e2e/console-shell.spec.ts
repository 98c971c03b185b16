import { expect, test as base } from "@playwright/test";
import { newTestAccount, signUpViaApi } from "./fixtures/sign-up-via-api";

// The first thing a visitor meets: the console shell in both languages and both themes, served by the real
// production build started with `npm start`, with its dependencies reported by readiness. Tenant screens need a
// signed-in member, so the tests that open them sign up a fresh account (and tenant) through the API first.

const test = base.extend<{ slug: string }>({
  slug: async ({ page, baseURL }, provide) => provide(await signUpViaApi(page.request, baseURL!, newTestAccount("Shell"))),
});

test("the shell switches language and theme, and remembers both", async ({ page, slug }) => {
  await page.goto(`/${slug}`);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Deployments" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await page.getByRole("combobox", { name: "Language" }).selectOption("zh-CN");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "部署" })).toBeVisible();

  // The browser context prefers light, so the console starts light; the toggle makes it dark.
  const html = page.locator("html");
  await expect(html).not.toHaveClass(/\bdark\b/);
  await page.getByRole("button", { name: "切换到深色主题" }).click();
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(page.getByRole("button", { name: "切换到浅色主题" })).toBeVisible();

  // Both choices survive a reload: the language in a cookie, the theme in local storage.
  await page.reload();
  await expect(html).toHaveAttribute("lang", "zh-CN");
  await expect(html).toHaveClass(/\bdark\b/);

  await page.getByRole("combobox", { name: "语言" }).selectOption("en");
  await expect(html).toHaveAttribute("lang", "en");
});

test("every tenant screen shows its empty state to a new tenant, and billing its included credit", async ({ page, slug }) => {
  // Every screen is built now: each shows its empty state for a new tenant.
  await page.goto(`/${slug}/deployments`);
  await expect(page.getByRole("heading", { level: 1, name: "Deployments" })).toBeVisible();
  await expect(page.getByText("No workloads yet", { exact: true })).toBeVisible();
  await page.goto(`/${slug}/metrics`);
  await expect(page.getByRole("heading", { level: 1, name: "Metrics" })).toBeVisible();
  await expect(page.getByTestId("quota-pods")).toHaveAttribute("data-used", "0");
  await expect(page.getByText("No workload has reported usage in this range yet.").first()).toBeVisible();
  // Billing: a new tenant starts with its plan's included credit (USD 5.00 on the free plan), in good standing.
  await page.goto(`/${slug}/billing`);
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await expect(page.getByTestId("billing-balance")).toHaveText("$5.00");
  await expect(page.getByTestId("billing-state")).toHaveAttribute("data-state", "ok");
});

test("the shell is keyboard reachable", async ({ page }) => {
  await page.goto("/sign-in");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
});

test("readiness reports the database, the cluster and the registry as up", async ({ request }) => {
  const response = await request.get("/api/v1/readyz");
  const body = await response.json();
  expect(body.checks.database).toMatchObject({ status: "up" });
  expect(body.checks.cluster).toMatchObject({ status: "up" });
  expect(body.checks.registry).toMatchObject({ status: "up" });
  expect(response.status()).toBe(200);
  expect(response.headers()["x-request-id"]).toBeTruthy();
});

test("the API answers unknown paths and bad input in its error shape", async ({ request }) => {
  const missing = await request.get("/api/v1/no-such-thing");
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.code).toBe("not_found");
  const openapi = await request.get("/api/v1/openapi.json");
  expect(openapi.status()).toBe(200);
  expect((await openapi.json()).paths["/api/v1/readyz"]).toBeTruthy();
});
