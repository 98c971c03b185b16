import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";

import { queryKeys } from "@/lib/client/query-keys";
import { refetchIntervalOf, tenantMetricsQueryOptions } from "@/lib/client/use-tenant-metrics";
import { TenantMetrics, type MetricsRange } from "@/lib/contracts/tenant-metrics";

function answer(range: MetricsRange, stepSeconds = range === "7d" ? 3600 : range === "1h" || range === "15m" ? 15 : 60): TenantMetrics {
  const series = { timestamps: [1_000, 16_000], cpuCores: [0.25, null], memoryBytes: [1, 2], rxBytesPerSecond: [0, 0], txBytesPerSecond: [0, 0], fsReadBytesPerSecond: [0, 0], fsWriteBytesPerSecond: [0, 0] };
  return TenantMetrics.parse({
    target: { type: "deployment", name: "web", workloadKind: "Deployment" },
    range,
    stepSeconds,
    source: "memory",
    ageSeconds: 3,
    stale: false,
    staleNodes: [],
    series,
    resources: null,
    pods: null,
    quota: null,
    topWorkloads: null,
  });
}

/** A fetch that answers every metrics request with that range's body, and records the URLs asked for. */
function stubFetch(): string[] {
  const urls: string[] = [];
  vi.stubGlobal("fetch", async (url: string) => {
    urls.push(url);
    const range = new URL(url, "http://apiary.test").searchParams.get("range") as MetricsRange;
    return new Response(JSON.stringify(answer(range)), { status: 200, headers: { "content-type": "application/json" } });
  });
  return urls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("tenant metrics queries", () => {
  it("fetch a new query when the range switches, keeping the previous range on screen until it answers", async () => {
    const urls = stubFetch();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const observer = new QueryObserver(client, tenantMetricsQueryOptions("acme", "deployment/web", "1h", { live: false }));
    const results: { range: string | undefined; placeholder: boolean }[] = [];
    const unsubscribe = observer.subscribe((result) => results.push({ range: result.data?.range, placeholder: result.isPlaceholderData }));
    await vi.waitFor(() => expect(observer.getCurrentResult().data?.range).toBe("1h"));

    observer.setOptions(tenantMetricsQueryOptions("acme", "deployment/web", "6h", { live: false }));
    await vi.waitFor(() => expect(observer.getCurrentResult().data?.range).toBe("6h"));
    unsubscribe();

    expect(urls).toEqual(["/api/v1/tenants/acme/metrics?target=deployment%2Fweb&range=1h", "/api/v1/tenants/acme/metrics?target=deployment%2Fweb&range=6h"]);
    // While 6h loaded, the chart kept showing 1h (flagged as placeholder), never an empty screen.
    expect(results).toContainEqual({ range: "1h", placeholder: true });
    // Each range is its own cache entry: switching back shows 1h at once.
    expect(client.getQueryData(queryKeys.metrics.target("acme", "deployment/web", "1h"))).toMatchObject({ range: "1h" });
    expect(client.getQueryData(queryKeys.metrics.target("acme", "deployment/web", "6h"))).toMatchObject({ range: "6h" });
  });

  it("follow the live ranges at the collector's step and poll the rolled-up ones rarely", () => {
    expect(refetchIntervalOf(answer("15m", 15), "15m")).toBe(15_000);
    expect(refetchIntervalOf(answer("1h", 5), "1h")).toBe(5_000);
    expect(refetchIntervalOf(undefined, "1h")).toBe(15_000);
    expect(refetchIntervalOf(answer("6h"), "6h")).toBe(60_000);
    expect(refetchIntervalOf(answer("7d"), "7d")).toBe(600_000);
  });

  it("stop polling while the browser tab is hidden", () => {
    expect(tenantMetricsQueryOptions("acme", "tenant", "15m").refetchIntervalInBackground).toBe(false);
    expect(tenantMetricsQueryOptions("acme", "tenant", "15m", { live: false }).refetchInterval).toBe(false);
  });
});
