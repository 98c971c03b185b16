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
      {
        tag: "v1",
        digest: "sha256:0123456789abcdef0123",
        mediaType: null,
        sizeBytes: 52_428_800,
        pushedAt: "2026-11-25T09:00:00.000Z",
        pushedBy: "dev@example.com",
        os: "linux",
        architecture: "arm64/v8",
        layers: [
          { digest: "sha256:aaaaaaaaaaaa1111", mediaType: null, sizeBytes: 50_000_000 },
          { digest: "sha256:bbbbbbbbbbbb2222", mediaType: null, sizeBytes: 2_000_000 },
        ],
      },
      { tag: "old", digest: "sha256:fedcba9876543210", mediaType: null, sizeBytes: 10, pushedAt: "2026-11-24T09:00:00.000Z", pushedBy: null, os: null, architecture: null, layers: null },
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

  it("shows each tag's OS/arch, and a layers toggle only where the layers are known", () => {
    const html = renderTags(["images:read"]);
    expect(html).toContain("linux/arm64/v8");
    expect(html).toMatch(/<button[^>]*aria-expanded="false"[^>]*aria-label="Show the 2 layers of v1"/);
    expect(html).not.toContain("layers of old");
    // Collapsed until asked: the layer digests are not on the page yet.
    expect(html).not.toContain("sha256:aaaaaaaaaaaa<");
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
