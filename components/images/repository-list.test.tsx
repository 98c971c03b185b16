import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { RepositoryList } from "@/components/images/repository-list";
import { queryKeys } from "@/lib/client/query-keys";
import type { Repository } from "@/lib/contracts/images";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { en } from "@/lib/i18n/messages/en";

const firstPage = { q: "", sort: "name", cursor: null, limit: 25 };

function renderList(items: Repository[], total = items.length): string {
  const client = new QueryClient();
  client.setQueryData(queryKeys.images.list("acme", firstPage), { items, total, nextCursor: total > items.length ? String(items.length) : null });
  return renderToString(
    <I18nProvider locale="en" messages={en}>
      <QueryClientProvider client={client}>
        <RepositoryList tenant="acme" />
      </QueryClientProvider>
    </I18nProvider>,
  );
}

const web: Repository = {
  name: "web",
  fullName: "acme/web",
  public: false,
  description: "",
  pullCount: 1234,
  pushCount: 3,
  starCount: 0,
  starred: false,
  tagCount: 2,
  lastPushedAt: null,
  createdAt: "2026-11-25T09:00:00.000Z",
};

describe("RepositoryList", () => {
  it("makes the empty hub useful with the push commands for the tenant", () => {
    const html = renderList([]);
    expect(html).toContain(en.images.emptyTitle);
    expect(html).toContain("docker login");
    expect(html).toContain("/acme/&lt;name&gt;:latest");
  });

  it("links each repository to its page and shows visibility, pulls and a never-pushed repository", () => {
    const html = renderList([web], 30);
    expect(html).toContain('href="/acme/images/web"');
    expect(html).toContain(en.images.private);
    expect(html).toContain("1,234");
    expect(html).toContain(en.images.neverPushed);
    expect(html).toContain("1–1 of 30");
  });
});
