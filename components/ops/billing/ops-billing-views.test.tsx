import { renderToString } from "react-dom/server";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";

import { PriceCardsTable } from "@/components/ops/billing/price-book-section";
import { CreatedVoucherCodes, VouchersTable } from "@/components/ops/billing/vouchers-section";
import type { PriceCard, Voucher } from "@/lib/contracts/ops-billing";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { en } from "@/lib/i18n/messages/en";
import { zhCN } from "@/lib/i18n/messages/zh-CN";

function render(node: ReactNode, locale: "en" | "zh-CN" = "en"): string {
  return renderToString(
    <I18nProvider locale={locale} messages={locale === "en" ? en : zhCN}>
      {node}
    </I18nProvider>,
  ).replaceAll("<!-- -->", "");
}

function card(version: number, overrides: Partial<PriceCard> = {}): PriceCard {
  return {
    version,
    currency: "USD",
    cpuMicroMinorPerVcpuHour: "4000000",
    memoryMicroMinorPerGiBHour: "500000",
    volumeMicroMinorPerGiBMonth: "10000000",
    effectiveFrom: "2026-12-01T00:00:00.000Z",
    createdAt: "2026-11-30T00:00:00.000Z",
    createdBy: null,
    note: null,
    ...overrides,
  };
}

function rowOf(html: string, version: number): string {
  const start = html.indexOf(`data-version="${version}"`);
  return html.slice(start, html.indexOf("</tr>", start));
}

describe("PriceCardsTable", () => {
  const now = Date.parse("2026-12-04T12:00:00.000Z");

  it("shows each rate as money per vCPU-hour, GiB-hour and GiB-month from the integer strings", () => {
    const html = render(<PriceCardsTable items={[card(2)]} currentVersion={2} nowMs={now} />);
    const row = rowOf(html, 2);
    expect(row).toContain("$0.04"); // 4,000,000 micro-cents per vCPU-hour
    expect(row).toContain("$0.005"); // 500,000 micro-cents per GiB-hour
    expect(row).toContain("$0.10"); // 10,000,000 micro-cents per GiB-month
  });

  it("marks the version in force and a later one as scheduled, and not the past ones", () => {
    const html = render(
      <PriceCardsTable
        items={[card(3, { effectiveFrom: "2026-12-10T00:00:00.000Z" }), card(2), card(1, { effectiveFrom: "2026-11-01T00:00:00.000Z" })]}
        currentVersion={2}
        nowMs={now}
      />,
    );
    expect(rowOf(html, 3)).toContain("Scheduled");
    expect(rowOf(html, 2)).toContain("In force");
    expect(rowOf(html, 1)).not.toContain("In force");
    expect(rowOf(html, 1)).not.toContain("Scheduled");
  });

  it("speaks Chinese in zh-CN", () => {
    const html = render(<PriceCardsTable items={[card(2)]} currentVersion={2} nowMs={now} />, "zh-CN");
    expect(html).toContain("当前生效");
    expect(html).toContain("每 vCPU·小时");
  });
});

const voucher: Voucher = {
  id: "00000000-0000-4000-8000-000000000001",
  batchId: "00000000-0000-4000-8000-000000000002",
  label: "Launch promo",
  codeHint: "WXYZ",
  amountMinor: "2500",
  currency: "USD",
  expiresAt: null,
  createdAt: "2026-12-01T00:00:00.000Z",
  redeemedAt: null,
  redeemedByTenantId: null,
};

describe("voucher codes are shown once", () => {
  it("shows every new code with the copy button and the 'shown only now' note", () => {
    const codes = ["APRY-AAAA-BBBB-WXYZ", "APRY-CCCC-DDDD-QRST"];
    const html = render(<CreatedVoucherCodes label="Launch promo" codes={codes} onDone={() => {}} />);
    for (const code of codes) expect(html).toContain(code);
    expect(html).toContain("Shown only now");
    expect(html).toContain("Copy all codes");
    expect(html).toContain("2 new codes for Launch promo");
  });

  it("lists vouchers afterwards by their last characters only, never a whole code", () => {
    const html = render(<VouchersTable items={[voucher, { ...voucher, id: "00000000-0000-4000-8000-000000000003", codeHint: "QRST", redeemedAt: "2026-12-02T00:00:00.000Z" }]} />);
    expect(html).toContain("…WXYZ");
    expect(html).toContain("…QRST");
    expect(html).not.toContain("APRY-");
    expect(html).toContain("$25.00");
    expect(html).toContain("Not redeemed");
    expect(html).toContain("Redeemed");
  });
});
