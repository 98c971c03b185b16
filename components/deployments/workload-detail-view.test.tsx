import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { sampleDetail } from "@/components/deployments/sample-workloads";
import { WorkloadDetailView } from "@/components/deployments/workload-detail-view";
import { ToastProvider } from "@/components/ui/toast-provider";
import { queryKeys } from "@/lib/client/query-keys";
import type { WorkloadDetail } from "@/lib/contracts/workloads";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { en } from "@/lib/i18n/messages/en";

function renderDetail(detail: WorkloadDetail, permissions: string[]): string {
  const client = new QueryClient();
  client.setQueryData(queryKeys.workloads.detail("acme", detail.name), detail);
  // useTenantAccess reads only the membership's slug and permissions from who-am-i.
  client.setQueryData(queryKeys.session.whoAmI(), { tenants: [{ slug: "acme", permissions }] });
  return renderToString(
    <I18nProvider locale="en" messages={en}>
      <QueryClientProvider client={client}>
        <ToastProvider dismissLabel="Dismiss">
          <WorkloadDetailView tenant="acme" name={detail.name} />
        </ToastProvider>
      </QueryClientProvider>
    </I18nProvider>,
  );
}

describe("WorkloadDetailView", () => {
  it("shows the workload's image, revision and ready/desired, with every action for a role that may write", () => {
    const html = renderDetail(sampleDetail("web", { revision: 3, replicas: { desired: 4, updated: 4, ready: 3, available: 3, total: 4 } }), ["deployments:read", "deployments:write"]);
    expect(html).toContain("registry.local:5000/acme/web:v1");
    expect(html).toMatch(/data-testid="workload-revision">3</);
    expect(html).toMatch(/data-testid="workload-ready">3\/4</);
    expect(html).toContain('href="/acme/deployments/web/edit"');
    expect(html).toMatch(/<button(?![^>]*disabled="")[^>]*data-testid="action-upgrade"[^>]*>Upgrade<\/button>/);
    expect(html).not.toContain(en.deployments.cannotWrite);
  });

  it("disables the actions and says why for a role without deployments:write", () => {
    const html = renderDetail(sampleDetail("web"), ["deployments:read"]);
    expect(html).toMatch(/<button(?=[^>]*disabled="")[^>]*data-testid="action-upgrade"[^>]*>Upgrade<\/button>/);
    expect(html).toMatch(/<button(?=[^>]*disabled="")[^>]*data-testid="action-delete"/);
    expect(html).toContain(`title="${en.deployments.cannotWrite}"`);
    expect(html).not.toContain('href="/acme/deployments/web/edit"');
  });

  it("offers Resume instead of Pause for a paused Deployment", () => {
    const html = renderDetail(sampleDetail("web", { state: "paused", paused: true }), ["deployments:read", "deployments:write"]);
    expect(html).toContain('data-testid="action-resume"');
    expect(html).not.toContain('data-testid="action-pause"');
    expect(html).toContain(en.rollouts.pausedTitle);
  });
});
