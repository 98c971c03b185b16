import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { RepositoryTagsTable } from "@/components/images/repository-tags-table";
import { ToastProvider } from "@/components/ui/toast-provider";
import { queryKeys } from "@/lib/client/query-keys";
import type { Permission } from "@/lib/contracts/permissions";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { en } from "@/lib/i18n/messages/en";

function renderTags(permissions: Permission[]): string {
  const client = new QueryClient();
  client.setQueryData(queryKeys.session.whoAmI(), { tenants: [{ slug: "acme", permissions }] });
  client.setQueryData(queryKeys.images.tags("acme", "web"), {
    items: [
      { tag: "v1", digest: "sha256:0123456789abcdef0123", mediaType: null, sizeBytes: 52_428_800, pushedAt: "2026-11-25T09:00:00.000Z", pushedBy: "dev@example.com" },
    ],
  });
  return renderToString(
    <I18nProvider locale="en" messages={en}>
      <QueryClientProvider client={client}>
        <ToastProvider dismissLabel="Dismiss">
          <RepositoryTagsTable tenant="acme" repository="web" />
        </ToastProvider>
      </QueryClientProvider>
    </I18nProvider>,
  );
}

describe("RepositoryTagsTable", () => {
  it("shows a tag with its short digest, readable size and pusher", () => {
    const html = renderTags(["images:read", "images:write", "images:delete"]);
    expect(html).toContain("sha256:0123456789ab<");
    expect(html).toContain("52.4 MB");
    expect(html).toContain("dev@example.com");
  });

  it("disables delete with the reason for a role without images:delete", () => {
    const html = renderTags(["images:read", "images:write"]);
    expect(html).toContain(`title="${en.images.cannotDelete}"`);
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*aria-label="Delete tag v1"/);
  });

  it("lets an admin delete", () => {
    const html = renderTags(["images:read", "images:write", "images:delete"]);
    expect(html).not.toContain(en.images.cannotDelete);
    expect(html).not.toMatch(/<button[^>]*disabled=""[^>]*aria-label="Delete tag v1"/);
  });
});
