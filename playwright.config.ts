import { defineConfig } from "@playwright/test";

// The e2e journeys drive the real console (production build, started by `npm start` exactly as a user runs it,
// with the simulated cluster and the real registry) in Debian's Chromium. Ports and the data folder are their
// own, so a developer's running Apiary is left alone and every run starts from nothing.
const port = Number(process.env.APIARY_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: "test-results/playwright",
  use: {
    baseURL,
    browserName: "chromium",
    colorScheme: "light",
    locale: "en-US",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // No browser downloads are possible here: use the system's Chromium.
      executablePath: process.env.APIARY_CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: "rm -rf .data-e2e && npm start",
    url: `${baseURL}/api/v1/healthz`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      APIARY_DATA_DIR: ".data-e2e",
      PORT: String(port),
      APIARY_SIM_PORT: process.env.APIARY_E2E_SIM_PORT ?? "6543",
      APIARY_REGISTRY_PORT: process.env.APIARY_E2E_REGISTRY_PORT ?? "5100",
      LOG_LEVEL: "warn",
      // Every journey signs up fresh accounts from 127.0.0.1; the production limits would refuse the suite itself.
      APIARY_SIGNUP_LIMIT_PER_IP: "1000",
      APIARY_SIGNIN_LIMIT_PER_IP: "1000",
      // Scrape every 5 s (the lowest the env allows) so the metrics journey sees data and a live tail quickly.
      APIARY_METRICS_INTERVAL_SECONDS: "5",
      // Meter every 2 s with a 15 s grace period, so the billing journey runs out, is warned and suspended in a minute.
      APIARY_BILLING_METER_INTERVAL_SECONDS: "2",
      APIARY_BILLING_GRACE_SECONDS: "15",
      // The platform admin the ops journeys sign in as, created at first start (the data folder is new every run).
      APIARY_ADMIN_EMAIL: "ops-admin@example.test",
      APIARY_ADMIN_PASSWORD: "e2e operator password",
    },
  },
});
