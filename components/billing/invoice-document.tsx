"use client";

import Link from "next/link";

import { QueryError } from "@/components/layout/query-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { buttonStyles } from "@/components/ui/button-styles";
import { LoadingBlock } from "@/components/ui/loading-block";
import { formatDateTime } from "@/lib/client/format-timestamp";
import { invoiceCsvUrl, useInvoice } from "@/lib/client/use-billing";
import { formatMicroMoney, formatMoney } from "@/lib/format/format-money";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** When printing, only the invoice shows: the console's sidebar and header are hidden and colours are dropped. */
const PRINT_CSS = `@media print {
  body * { visibility: hidden; }
  [data-printable], [data-printable] * { visibility: visible; }
  [data-printable] { position: absolute; inset: 0 auto auto 0; width: 100%; color: #000; background: #fff; }
  @page { margin: 16mm; }
}`;

/** One monthly invoice as a document: header, lines per workload and resource, total; with Print and CSV. */
export function InvoiceDocument({ tenant, id }: { tenant: string; id: string }) {
  const t = useT();
  const locale = useLocale();
  const query = useInvoice(tenant, id);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Link href={`/${encodeURIComponent(tenant)}/billing`} className="text-sm font-medium text-primary underline-offset-4 hover:underline">
          {t("billing.backToBilling")}
        </Link>
        <div className="flex gap-2">
          <a className={buttonStyles({ size: "sm" })} href={invoiceCsvUrl(tenant, id)} download>
            {t("billing.downloadCsv", { id })}
          </a>
          <Button size="sm" variant="primary" onClick={() => window.print()} disabled={!query.data}>
            {t("billing.print")}
          </Button>
        </div>
      </div>
      {query.isError ? <QueryError title={t("billing.invoiceLoadFailed")} error={query.error} onRetry={() => query.refetch()} /> : null}
      {query.isPending ? <LoadingBlock label={t("common.loading")} lines={6} /> : null}
      {query.data ? (
        <article data-printable="" data-testid="invoice-document" className="space-y-6 rounded-xl border border-border bg-surface p-8 shadow-xs print:border-0 print:p-0 print:shadow-none">
          <style>{PRINT_CSS}</style>
          <header className="flex flex-wrap items-start justify-between gap-4">
            <div className="space-y-1">
              <p className="text-sm font-semibold tracking-wide text-muted-foreground">{t("common.appName")}</p>
              <h1 className="text-2xl font-semibold text-foreground">{t("billing.invoiceTitle", { id: query.data.id })}</h1>
              <p className="text-sm text-muted-foreground">
                {t("billing.invoiceFor", { tenant, from: day.format(new Date(query.data.periodStart)), to: day.format(new Date(Date.parse(query.data.periodEnd) - 1)) })}
              </p>
            </div>
            <div className="space-y-1 text-right">
              <Badge tone={query.data.status === "finalized" ? "success" : "info"}>{t(`billing.invoiceStatus.${query.data.status}`)}</Badge>
              {query.data.finalizedAt ? (
                <p className="text-xs text-muted-foreground">{t("billing.invoiceFinalizedAt", { when: formatDateTime(query.data.finalizedAt, locale) })}</p>
              ) : (
                <p className="text-xs text-muted-foreground">{t("billing.invoiceDraftNote")}</p>
              )}
            </div>
          </header>
          {query.data.lines.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t("billing.invoiceNoLines")}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full border-collapse text-left text-sm">
                <caption className="sr-only">{t("billing.invoiceLinesCaption")}</caption>
                <thead>
                  <tr className="border-b border-border text-xs text-muted-foreground">
                    <th scope="col" className="py-2 pr-4 font-medium">{t("billing.workload")}</th>
                    <th scope="col" className="py-2 pr-4 font-medium">{t("billing.resource")}</th>
                    <th scope="col" className="py-2 pr-4 text-right font-medium">{t("billing.quantity")}</th>
                    <th scope="col" className="py-2 pr-4 text-right font-medium">{t("billing.rate")}</th>
                    <th scope="col" className="py-2 pr-4 text-right font-medium">{t("billing.priceCard")}</th>
                    <th scope="col" className="py-2 text-right font-medium">{t("billing.amount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {query.data.lines.map((line) => (
                    <tr key={`${line.workload}-${line.resource}-${line.priceCardVersion}`} className="border-b border-border">
                      <td className="py-2 pr-4">{line.workload}</td>
                      <td className="py-2 pr-4">{t(`billing.resources.${line.resource}`)}</td>
                      <td className="py-2 pr-4 text-right font-mono tabular-nums">
                        {number.format(line.quantity as `${number}`)} {line.unit}
                      </td>
                      <td className="py-2 pr-4 text-right font-mono tabular-nums">
                        {t("billing.ratePer", { amount: formatMicroMoney(line.rateMicroMinorPerUnitHour, query.data.currency, locale), unit: line.unit })}
                      </td>
                      <td className="py-2 pr-4 text-right tabular-nums">v{line.priceCardVersion}</td>
                      <td className="py-2 text-right font-mono tabular-nums">{formatMoney(line.amountMinor, query.data.currency, locale)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={5} className="pt-3 pr-4 text-right font-semibold">
                      {t("billing.total")}
                    </th>
                    <td className="pt-3 text-right font-mono text-base font-semibold tabular-nums" data-testid="invoice-total">
                      {formatMoney(query.data.totalMinor, query.data.currency, locale)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
        </article>
      ) : null}
    </div>
  );
}
