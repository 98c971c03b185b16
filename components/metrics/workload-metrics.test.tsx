import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { sampleSeries, sampleWorkloadMetrics } from "@/components/metrics/sample-tenant-metrics";
import { TenantMetricsView } from "@/components/metrics/tenant-metrics-view";
import { WorkloadMetrics } from "@/components/metrics/workload-metrics";
import { queryKeys } from "@/lib/client/query-keys";
import { TenantMetrics } from "@/lib/contracts/tenant-metrics";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { en } from "@/lib/i18n/messages/en";

const MIB = 1024 * 1024;

function render(node: React.ReactNode, cached: [readonly unknown[], TenantMetrics][]): string {
  const client = new QueryClient();
  for (const [key, data] of cached) client.setQueryData(key, TenantMetrics.parse(data));
  return renderToString(
    <I18nProvider locale="en" messages={en}>
      <QueryClientProvider client={client}>{node}</QueryClientProvider>
    </I18nProvider>,
  );
}

describe("WorkloadMetrics", () => {
  it("draws CPU, memory, network and filesystem of the chosen range, with request and limit lines", () => {
    const html = render(<WorkloadMetrics tenant="acme" name="web" initialRange="6h" />, [
      [queryKeys.metrics.target("acme", "deployment/web", "1h"), sampleWorkloadMetrics({ range: "1h" })],
      [queryKeys.metrics.target("acme", "deployment/web", "6h"), sampleWorkloadMetrics({ range: "6h", stepSeconds: 60, source: "rollups-1m" })],
    ]);
    expect(html).toContain('data-range="6h"');
    expect(html).toMatch(/role="radio" aria-checked="true"[^>]*data-testid="range-6h"/);
    for (const chart of ["chart-cpu", "chart-memory", "chart-network", "chart-filesystem"]) expect(html).toMatch(new RegExp(`data-testid="${chart}" data-has-data="true"`));
    expect(html).toContain('<th scope="row">Request</th><td>500m</td>');
    expect(html).toContain('<th scope="row">Limit</th><td>1 GiB</td>');
    expect(html).toContain(en.metrics.noPerPod);
    // 6 h is read from the rollups: no "live" promise.
    expect(html).not.toContain("Live ·");
  });

  it("follows the live ranges and names a line per pod", () => {
    const pods = ["web-a", "web-b"].map((name) => ({ name, node: "node-1", series: sampleSeries(4, (i) => (name === "web-b" && i === 0 ? null : 0.5)) }));
    const html = render(<WorkloadMetrics tenant="acme" name="web" />, [[queryKeys.metrics.target("acme", "deployment/web", "1h"), sampleWorkloadMetrics({ pods })]]);
    expect(html).toContain("Live · every 15 s");
    expect(html).toContain(en.metrics.perPodNote);
    expect(html).toContain('data-testid="chart-cpu" data-has-data="true"');
  });

  it("shows loading charts before the first answer", () => {
    const html = render(<WorkloadMetrics tenant="acme" name="web" />, []);
    expect(html).toContain('role="status" aria-label="Loading…"');
    expect(html).toContain("animate-pulse");
  });

  it("says no data yet for a workload the collector has not scraped", () => {
    const empty = sampleWorkloadMetrics({ ageSeconds: null, series: sampleSeries(3, () => null) });
    const html = render(<WorkloadMetrics tenant="acme" name="web" />, [[queryKeys.metrics.target("acme", "deployment/web", "1h"), empty]]);
    expect(html.match(/data-testid="chart-empty"/g)).toHaveLength(4);
    expect(html).toContain(en.metrics.emptyBody);
  });
});

describe("TenantMetricsView", () => {
  it("shows requests against the quota, the tenant's charts and its top workloads linked to their metrics", () => {
    const tenant = sampleWorkloadMetrics({
      target: { type: "tenant", name: "acme", workloadKind: null },
      resources: null,
      quota: {
        plan: "free",
        requests: { quota: { cpuCores: 2, memoryBytes: 4096 * MIB }, used: { cpuCores: 0.5, memoryBytes: 512 * MIB } },
        limits: { quota: { cpuCores: 4, memoryBytes: 8192 * MIB }, used: { cpuCores: 1, memoryBytes: 1024 * MIB } },
        pods: { quota: 10, used: 2 },
      },
      topWorkloads: {
        byCpu: [{ name: "web", kind: "Deployment", cpuCores: 0.25, memoryBytes: 200 * MIB, sparkline: { timestamps: [1, 2, 3], cpuCores: [0.2, null, 0.3], memoryBytes: [1, 2, 3] } }],
        byMemory: [],
      },
    });
    const html = render(<TenantMetricsView tenant="acme" />, [[queryKeys.metrics.target("acme", "tenant", "1h"), tenant]]);
    expect(html).toMatch(/data-testid="quota-cpu" data-used="0.5" data-quota="2"/);
    expect(html).toContain("500m of 2 cores");
    expect(html).toContain("25% of the quota");
    expect(html).toContain("using 250m now");
    expect(html).toContain("512 MiB of 4 GiB");
    expect(html).toContain("2 of 10");
    expect(html).toContain('href="/acme/deployments/web?tab=metrics"');
    expect(html).toContain('data-testid="sparkline" data-points="2"');
    expect(html).toContain(en.metrics.topEmpty);
    expect(html).toContain('data-testid="chart-cpu" data-has-data="true"');
  });
});
