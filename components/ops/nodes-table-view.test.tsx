import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { NodesTableView } from "@/components/ops/nodes-table-view";
import { ClusterMetrics } from "@/lib/contracts/tenant-metrics";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { en } from "@/lib/i18n/messages/en";
import { zhCN } from "@/lib/i18n/messages/zh-CN";

const GIB = 1024 ** 3;
type Node = ClusterMetrics["nodes"][number];

function node(name: string, overrides: Partial<Node> = {}): Node {
  return {
    name,
    allocatable: { cpuCores: 4, memoryBytes: 16 * GIB },
    requested: { cpuCores: 1, memoryBytes: 2 * GIB },
    used: { cpuCores: 0.5, memoryBytes: 4 * GIB },
    pods: 7,
    stale: false,
    lastScrapeAt: "2026-12-04T12:00:00.000Z",
    lastError: null,
    ...overrides,
  };
}

function render(nodes: Node[], { expanded = null as string | null, locale = "en" as "en" | "zh-CN" } = {}): string {
  return renderToString(
    <I18nProvider locale={locale} messages={locale === "en" ? en : zhCN}>
      <NodesTableView nodes={nodes} expanded={expanded} onToggle={() => {}} renderCharts={(name) => <p>charts of {name}</p>} />
    </I18nProvider>,
  );
}

function rowOf(html: string, name: string): string {
  const start = html.indexOf(`data-node="${name}"`);
  const end = html.indexOf("</tr>", start);
  return html.slice(start, end).replaceAll("<!-- -->", "");
}

/** The row's visible text, tags removed. */
const text = (row: string) => row.replace(/<[^>]+>/g, "");

describe("NodesTableView", () => {
  it("marks a stale node in words with its last error and last successful scrape, and leaves healthy ones plain", () => {
    const html = render([node("node-1"), node("node-2", { stale: true, lastError: "node-2 did not answer within 2 s", lastScrapeAt: "2026-12-04T11:58:00.000Z" })]);
    const stale = rowOf(html, "node-2");
    expect(stale).toContain('data-stale="true"');
    expect(stale).toContain(en.opsNodes.scrapeStale);
    expect(stale).toContain(en.opsNodes.staleExplained);
    expect(stale).toContain("node-2 did not answer within 2 s");
    expect(stale).toMatch(/last success Dec 4, 2026/);
    // The old used figure is struck through: it is not a current value.
    expect(stale).toContain("line-through");
    const healthy = rowOf(html, "node-1");
    expect(healthy).toContain('data-stale="false"');
    expect(healthy).not.toContain(en.opsNodes.scrapeStale);
    expect(healthy).toContain(en.opsNodes.scrapeOk);
    expect(healthy).not.toContain("line-through");
  });

  it("says a node was never scraped rather than showing a zero", () => {
    const html = render([node("node-3", { stale: true, lastScrapeAt: null, lastError: "connection refused", used: { cpuCores: null, memoryBytes: null } })]);
    const row = rowOf(html, "node-3");
    expect(row).toContain(en.opsNodes.neverScraped);
    expect(text(row)).toContain("— / 1 core / 4 cores");
    expect(row).not.toMatch(/>0<|0m/);
  });

  it("shows used / requested / allocatable with the share used, pods, and the charts of the open row only", () => {
    const html = render([node("node-1"), node("node-2")], { expanded: "node-2" });
    expect(text(rowOf(html, "node-1"))).toContain("500m / 1 core / 4 cores(13%)");
    expect(text(rowOf(html, "node-1"))).toContain("4 GiB / 2 GiB / 16 GiB(25%)");
    expect(rowOf(html, "node-1")).toMatch(/data-testid="node-pods"[^>]*>7</);
    expect(html).toContain("charts of node-2");
    expect(html).not.toContain("charts of node-1");
    expect(html).toMatch(/aria-expanded="true"[^>]*>Hide charts of node-2/);
  });

  it("speaks Simplified Chinese", () => {
    const html = render([node("node-2", { stale: true, lastError: "x" })], { locale: "zh-CN" });
    expect(html).toContain(zhCN.opsNodes.scrapeStale);
    expect(html).toContain(zhCN.opsNodes.name);
  });
});
