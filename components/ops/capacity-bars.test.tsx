import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { CapacityBars } from "@/components/ops/capacity-bars";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { en } from "@/lib/i18n/messages/en";

const GIB = 1024 ** 3;

function render(capacity: Parameters<typeof CapacityBars>[0]["capacity"]): string {
  return renderToString(
    <I18nProvider locale="en" messages={en}>
      <CapacityBars capacity={capacity} />
    </I18nProvider>,
  ).replaceAll("<!-- -->", "");
}

describe("CapacityBars", () => {
  it("shows requested and used as shares of the allocatable CPU and memory", () => {
    const html = render({ allocatable: { cpuCores: 8, memoryBytes: 32 * GIB }, requested: { cpuCores: 2, memoryBytes: 8 * GIB }, used: { cpuCores: 1, memoryBytes: 16 * GIB } });
    expect(html).toMatch(/data-testid="capacity-cpu-requested" data-value="2" data-percent="25"/);
    expect(html).toMatch(/data-testid="capacity-cpu-used" data-value="1" data-percent="13"/);
    expect(html).toMatch(/data-testid="capacity-memory-used"[^>]*data-percent="50"/);
    expect(html).toContain("8 GiB (25% of allocatable)");
    expect(html).toContain('aria-valuenow="50"');
  });

  it("says nothing is requested and no data yet instead of showing zeros", () => {
    const html = render({ allocatable: { cpuCores: 8, memoryBytes: 32 * GIB }, requested: { cpuCores: null, memoryBytes: null }, used: { cpuCores: null, memoryBytes: null } });
    expect(html).toContain(en.opsOverview.noneRequested);
    expect(html).toContain(en.opsOverview.noData);
    expect(html).not.toContain("0% of allocatable");
  });
});
