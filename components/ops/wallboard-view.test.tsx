import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { WallboardView, type WallboardConnection, type WallboardData } from "@/components/ops/wallboard-view";
import { ClusterMetrics } from "@/lib/contracts/tenant-metrics";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { en } from "@/lib/i18n/messages/en";
import { zhCN } from "@/lib/i18n/messages/zh-CN";

const GIB = 1024 ** 3;
const NOW = Date.parse("2026-12-04T12:00:00Z");

function cluster(): ClusterMetrics {
  const node = (name: string, stale: boolean) => ({
    name,
    allocatable: { cpuCores: 4, memoryBytes: 16 * GIB },
    requested: { cpuCores: 2, memoryBytes: 4 * GIB },
    used: { cpuCores: 1, memoryBytes: 8 * GIB },
    pods: 5,
    stale,
    lastScrapeAt: new Date(NOW - 30_000).toISOString(),
    lastError: stale ? "did not answer" : null,
  });
  const timestamps = [NOW - 30_000, NOW - 15_000];
  return ClusterMetrics.parse({
    range: "1h",
    stepSeconds: 15,
    source: "memory",
    ageSeconds: 15,
    series: { timestamps, cpuCores: [1.5, 2], memoryBytes: [16 * GIB, 16 * GIB], rxBytesPerSecond: [0, 0], txBytesPerSecond: [0, 0], fsReadBytesPerSecond: [0, 0], fsWriteBytesPerSecond: [0, 0] },
    capacity: { allocatable: { cpuCores: 12, memoryBytes: 48 * GIB }, requested: { cpuCores: 6, memoryBytes: 12 * GIB }, used: { cpuCores: 3, memoryBytes: 24 * GIB } },
    nodes: [node("node-1", false), node("node-2", false), node("node-3", true)],
  });
}

const data: WallboardData = {
  cluster: cluster(),
  clusterReceivedAt: NOW - 40_000,
  troubled: { items: [], total: 2 },
  warnings: { items: [], total: 9 },
  rollouts: { items: [], total: 1 },
};

function render(d: WallboardData, connection: WallboardConnection, locale: "en" | "zh-CN" = "en"): string {
  return renderToString(
    <I18nProvider locale={locale} messages={locale === "en" ? en : zhCN}>
      <WallboardView data={d} connection={connection} />
    </I18nProvider>,
  );
}

const value = (html: string, testId: string) => new RegExp(`data-testid="${testId}-value"[^>]*>([^<]*)<`).exec(html)?.[1];

describe("WallboardView", () => {
  it("shows the big numbers: nodes up, CPU and memory used, pods, failing pods, rollouts and warnings", () => {
    const html = render(data, { lost: false, lastUpdateMs: NOW - 5_000, nowMs: NOW, refreshSeconds: 15 });
    expect(value(html, "wall-nodes")).toBe("2/3");
    expect(html).toContain("1 stale");
    expect(value(html, "wall-cpu")).toBe("25%");
    expect(html).toContain("50% requested");
    expect(value(html, "wall-memory")).toBe("50%");
    expect(value(html, "wall-pods")).toBe("15");
    expect(value(html, "wall-troubled")).toBe("2");
    expect(value(html, "wall-rollouts")).toBe("1");
    expect(value(html, "wall-warnings")).toBe("9");
    expect(html).toContain('data-connection="ok"');
    expect(html).toContain("Updated 5 s ago · refreshes every 15 s");
    expect(html).toContain('data-testid="wall-chart-cpu"');
  });

  it("keeps the last figures when the connection is lost, and says how old they are", () => {
    const html = render(data, { lost: true, lastUpdateMs: NOW - 95_000, nowMs: NOW, refreshSeconds: 15 });
    expect(html).toContain('data-connection="lost"');
    expect(html).toContain("Connection lost — retrying, last update 1 min ago");
    expect(value(html, "wall-nodes")).toBe("2/3");
    expect(value(html, "wall-cpu")).toBe("25%");
    expect(value(html, "wall-warnings")).toBe("9");
  });

  it("shows dashes, not zeros, before the first answer", () => {
    const html = render({ cluster: undefined, clusterReceivedAt: 0, troubled: undefined, warnings: undefined, rollouts: undefined }, { lost: false, lastUpdateMs: 0, nowMs: NOW, refreshSeconds: 15 });
    expect(html).toContain(en.opsWall.loading);
    for (const tile of ["wall-nodes", "wall-cpu", "wall-pods", "wall-troubled"]) expect(value(html, tile)).toBe("—");
  });

  it("speaks Simplified Chinese", () => {
    const html = render(data, { lost: true, lastUpdateMs: NOW - 20_000, nowMs: NOW, refreshSeconds: 15 }, "zh-CN");
    expect(html).toContain("连接中断——正在重试，上次更新于 20 秒前");
    expect(html).toContain(zhCN.opsWall.troubledPods);
  });
});
