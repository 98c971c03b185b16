import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { hasAnyValue, latestPoint, toChartRows } from "@/components/metrics/chart-rows";
import { sampleSeries, SAMPLE_END_MS } from "@/components/metrics/sample-tenant-metrics";
import { TimeSeriesChart, type ChartLine } from "@/components/metrics/time-series-chart";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { en } from "@/lib/i18n/messages/en";
import { zhCN } from "@/lib/i18n/messages/zh-CN";

const MIB = 1024 * 1024;
const fresh = { ageSeconds: 12, receivedAt: Date.now(), stale: false, staleNodes: [] };

function render(props: Partial<Parameters<typeof TimeSeriesChart>[0]> & { lines: ChartLine[] }, locale: "en" | "zh-CN" = "en"): string {
  return renderToString(
    <I18nProvider locale={locale} messages={locale === "en" ? en : zhCN}>
      <TimeSeriesChart title="CPU" unit="cores" timestamps={sampleSeries(4).timestamps} freshness={fresh} {...props} />
    </I18nProvider>,
  );
}

/** The sr-only summary table's rows as "label: value" text. */
function summaryRows(html: string): string[] {
  const table = html.match(/<table class="sr-only"[^]*?<\/table>/)?.[0] ?? "";
  return [...table.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><\/tr>/g)].map(([, label, value]) => `${label}: ${value}`);
}

describe("chart rows", () => {
  it("keep a missing point as null under its key, never as zero", () => {
    const rows = toChartRows([1, 2, 3], [{ key: "cpu", values: [0.5, null, 0.25] }]);
    expect(rows).toEqual([{ t: 1, cpu: 0.5 }, { t: 2, cpu: null }, { t: 3, cpu: 0.25 }]);
  });

  it("find the newest point that has a value, skipping trailing gaps", () => {
    expect(latestPoint([1, 2, 3], [0.5, 0.75, null])).toEqual({ value: 0.75, at: 2 });
    expect(latestPoint([1, 2], [null, null])).toBeNull();
    expect(hasAnyValue([{ key: "a", values: [null, null] }])).toBe(false);
  });
});

describe("TimeSeriesChart", () => {
  it("states the latest values, requests and limits in their units", () => {
    const series = sampleSeries(4);
    const html = render({
      lines: [{ key: "cpu", label: "Used", values: series.cpuCores, color: "red" }],
      references: [
        { key: "request", label: "Request", value: 0.5, color: "grey" },
        { key: "limit", label: "Limit", value: 1, color: "red" },
      ],
    });
    const rows = summaryRows(html);
    expect(rows[0]).toMatch(/^Used: 250m \(At /);
    expect(rows.slice(1)).toEqual(["Request: 500m", "Limit: 1 core"]);
    expect(html).toContain('data-has-data="true"');
  });

  it("writes memory in binary units and in the reader's language", () => {
    const html = render({ unit: "bytes", lines: [{ key: "memory", label: "已用", values: sampleSeries(4).memoryBytes, color: "red" }], references: [{ key: "limit", label: "上限", value: 1024 * MIB, color: "red" }] }, "zh-CN");
    expect(summaryRows(html)[0]).toMatch(/^已用: 200 MiB/);
    expect(summaryRows(html)[1]).toBe("上限: 1 GiB");
    expect(html).toContain("12 秒前更新");
  });

  it("shows the last present value when the newest points are gaps, not a zero", () => {
    const series = sampleSeries(4, (i) => (i >= 2 ? null : 1));
    const html = render({ lines: [{ key: "cpu", label: "Used", values: series.cpuCores, color: "red" }] });
    expect(summaryRows(html)[0]).toContain("250m");
    expect(html).not.toMatch(/data-testid="latest-value"[^>]*>0</);
    expect(html).toContain(`data-latest-at="${SAMPLE_END_MS - 2 * 15_000}"`);
  });

  it("says there is no data yet instead of drawing zeros when every point is a gap", () => {
    const html = render({ lines: [{ key: "cpu", label: "Used", values: [null, null, null, null], color: "red" }], freshness: { ...fresh, ageSeconds: null } });
    expect(html).toContain('data-testid="chart-empty"');
    expect(html).toContain(en.metrics.emptyBody);
    expect(html).toContain(en.metrics.noDataAge);
    expect(html).not.toContain("chart-summary");
  });

  it("flags stale data and names the node whose scrape failed", () => {
    const html = render({ lines: [{ key: "cpu", label: "Used", values: sampleSeries(4).cpuCores, color: "red" }], freshness: { ...fresh, stale: true, staleNodes: ["node-2"] } });
    expect(html).toContain('data-stale="true"');
    expect(html).toContain(">Stale<");
    expect(html).toContain("The latest scrape of node-2 failed");
  });

  it("states the data's age", () => {
    const html = render({ lines: [{ key: "cpu", label: "Used", values: sampleSeries(4).cpuCores, color: "red" }], freshness: { ...fresh, ageSeconds: 125 } });
    expect(html).toContain("updated 2 min ago");
    expect(html).toContain('data-stale="false"');
  });
});
