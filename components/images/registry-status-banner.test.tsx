import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { RegistryStatusBanner } from "@/components/images/registry-status-banner";
import { queryKeys } from "@/lib/client/query-keys";
import type { RegistryStatus } from "@/lib/contracts/images";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import type { Locale } from "@/lib/i18n/locales";
import { messagesFor } from "@/lib/i18n/messages-for";

function renderBanner(status: RegistryStatus | undefined, locale: Locale = "en"): string {
  const client = new QueryClient();
  if (status) client.setQueryData(queryKeys.images.registryStatus("acme"), status);
  return renderToString(
    <I18nProvider locale={locale} messages={messagesFor(locale)}>
      <QueryClientProvider client={client}>
        <RegistryStatusBanner tenant="acme" />
      </QueryClientProvider>
    </I18nProvider>,
  );
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const en = messagesFor("en").registryStatus;
const zh = messagesFor("zh-CN").registryStatus;

describe("RegistryStatusBanner", () => {
  it("says nothing while the registry is reachable, or before its state is known", () => {
    expect(renderBanner({ reachable: true, checkedAt: minutesAgo(0), lastReachableAt: minutesAgo(0) })).toBe("");
    expect(renderBanner(undefined)).toBe("");
  });

  it("alerts that pushes and pulls fail, that the list is what Apiary last knew, and when the registry was last reachable", () => {
    const html = renderBanner({ reachable: false, checkedAt: minutesAgo(0), lastReachableAt: minutesAgo(5) });
    expect(html).toContain('role="alert"');
    expect(html).toContain(en.downTitle);
    expect(html).toMatch(/Pushing, pulling and deleting tags will fail/);
    expect(html).toMatch(/what Apiary last knew/);
    expect(html).toContain("Last reachable 5 minutes ago.");
    expect(html).not.toContain(en.neverReachable);
  });

  it("says when the registry has not been reached since the server started", () => {
    const html = renderBanner({ reachable: false, checkedAt: minutesAgo(0), lastReachableAt: null });
    expect(html).toContain(en.neverReachable);
    expect(html).not.toMatch(/Last reachable/);
  });

  it("speaks Simplified Chinese", () => {
    const html = renderBanner({ reachable: false, checkedAt: minutesAgo(0), lastReachableAt: minutesAgo(5) }, "zh-CN");
    expect(html).toContain(zh.downTitle);
    expect(html).toContain(zh.downBody);
    expect(html).toContain("最后一次可访问：5分钟前。");
  });
});
