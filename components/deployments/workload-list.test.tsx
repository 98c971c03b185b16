import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { sampleSummary } from "@/components/deployments/sample-workloads";
import { WorkloadList, WORKLOADS_PAGE_SIZE } from "@/components/deployments/workload-list";
import { queryKeys } from "@/lib/client/query-keys";
import type { WorkloadSummary } from "@/lib/contracts/workloads";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { en } from "@/lib/i18n/messages/en";
import { zhCN } from "@/lib/i18n/messages/zh-CN";

const firstPage = { q: "", status: "", cursor: null, limit: WORKLOADS_PAGE_SIZE };

function renderList(items: WorkloadSummary[] | "loading", locale: "en" | "zh-CN" = "en"): string {
  const client = new QueryClient();
  if (items !== "loading") client.setQueryData(queryKeys.workloads.list("acme", firstPage), { items, total: items.length, nextCursor: null });
  return renderToString(
    <I18nProvider locale={locale} messages={locale === "en" ? en : zhCN}>
      <QueryClientProvider client={client}>
        <WorkloadList tenant="acme" />
      </QueryClientProvider>
    </I18nProvider>,
  );
}

describe("WorkloadList", () => {
  it("explains how to deploy when the tenant has no workloads, with a link to the image hub", () => {
    const html = renderList([]);
    expect(html).toContain(en.deployments.emptyTitle);
    expect(html).toContain('href="/acme/images"');
    expect(html).toContain('href="/acme/deployments/new"');
  });

  it("shows each workload's state with its reason, ready/desired, requests and a link to its page", () => {
    const html = renderList([
      sampleSummary("web"),
      sampleSummary("api", { state: "failed", reason: "ProgressDeadlineExceeded", replicas: { desired: 4, updated: 1, ready: 3, available: 3, total: 5 } }),
      sampleSummary("db", { kind: "StatefulSet", state: "paused", cpuRequestMillicores: 1000, memoryRequestMiB: 2048 }),
      sampleSummary("worker", { state: "progressing", reason: "ReplicaSetUpdated" }),
    ]);
    expect(html).toContain('href="/acme/deployments/web"');
    for (const state of ["available", "failed", "paused", "progressing"] as const) expect(html).toContain(`data-state="${state}"`);
    expect(html).toContain(en.workloadStates.failed);
    expect(html).toContain("ProgressDeadlineExceeded");
    expect(html).toContain("3/4");
    expect(html).toContain("250m vCPU · 512 MiB");
    expect(html).toContain("1 vCPU · 2 GiB");
    expect(html).toContain("StatefulSet");
    expect(html).toContain("1–4 of 4");
  });

  it("shows a loading state until the first page arrives, and speaks Chinese when asked", () => {
    expect(renderList("loading")).toContain(en.common.loading);
    expect(renderList([sampleSummary("web")], "zh-CN")).toContain(zhCN.workloadStates.available);
  });
});
