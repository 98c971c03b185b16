import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { CatalogueList } from "@/components/images/catalogue-list";
import { ToastProvider } from "@/components/ui/toast-provider";
import { queryKeys } from "@/lib/client/query-keys";
import type { CatalogueRepository } from "@/lib/contracts/images";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { en } from "@/lib/i18n/messages/en";

const firstPage = { q: "", sort: "stars", cursor: null, limit: 25 };

function renderCatalogue(items: CatalogueRepository[]): string {
  const client = new QueryClient();
  client.setQueryData(queryKeys.images.catalogue(firstPage), { items, total: items.length, nextCursor: null, registryHost: "registry.example:5000" });
  return renderToString(
    <I18nProvider locale="en" messages={en}>
      <QueryClientProvider client={client}>
        <ToastProvider dismissLabel="Dismiss">
          <CatalogueList tenant="acme" />
        </ToastProvider>
      </QueryClientProvider>
    </I18nProvider>,
  );
}

const item = (over: Partial<CatalogueRepository>): CatalogueRepository => ({
  tenant: "globex",
  name: "tools",
  fullName: "globex/tools",
  description: "Handy tools",
  tagCount: 3,
  latestTag: "v3",
  pullCount: 1500,
  starCount: 4,
  starred: true,
  lastPushedAt: null,
  ...over,
});

describe("CatalogueList", () => {
  it("shows each public repository with a copyable pull command of its latest tag and the viewer's star", () => {
    const html = renderCatalogue([item({})]);
    expect(html).toContain("globex/tools");
    expect(html).toContain("docker pull registry.example:5000/globex/tools:v3");
    expect(html).toContain("3 tags · 1,500 pulls");
    expect(html).toMatch(/<button[^>]*aria-pressed="true"[^>]*aria-label="Remove your star from globex\/tools \(4 stars\)"/);
  });

  it("links only the viewer's own tenant's repositories to their hub pages, and offers no pull command for an empty one", () => {
    const html = renderCatalogue([item({ tenant: "acme", name: "empty", fullName: "acme/empty", latestTag: null, starred: false }), item({})]);
    expect(html).toContain('href="/acme/images/empty"');
    expect(html).not.toContain('href="/globex/images/tools"');
    expect(html).not.toContain("docker pull registry.example:5000/acme/empty");
  });

  it("says so when no tenant has made a repository public", () => {
    expect(renderCatalogue([])).toContain(en.catalogue.emptyTitle);
  });
});
