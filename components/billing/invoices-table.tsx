"use client";

import Link from "next/link";

import { QueryError } from "@/components/layout/query-error";
import { Badge } from "@/components/ui/badge";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table, Td, Th } from "@/components/ui/table";
import { invoiceCsvUrl, useInvoices } from "@/lib/client/use-billing";
import { formatMoney } from "@/lib/format/format-money";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** Monthly invoices with a link to the printable page and the CSV download. */
export function InvoicesTable({ tenant }: { tenant: string }) {
  const t = useT();
  const locale = useLocale();
  const query = useInvoices(tenant);
  const items = query.data?.items ?? [];
  const monthFormat = new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", timeZone: "UTC" });

  return (
    <section className="space-y-3" aria-labelledby="billing-invoices-heading">
      <h2 id="billing-invoices-heading" className="text-base font-semibold">
        {t("billing.invoicesHeading")}
      </h2>
      {query.isError ? <QueryError title={t("billing.loadFailed")} error={query.error} onRetry={() => query.refetch()} /> : null}
      {query.isPending ? <LoadingBlock label={t("common.loading")} lines={2} /> : null}
      {query.data && items.length === 0 ? <p className="text-sm text-muted-foreground">{t("billing.invoicesEmpty")}</p> : null}
      {items.length > 0 ? (
        <Table caption={t("billing.invoicesCaption")}>
          <thead>
            <tr>
              <Th>{t("billing.period")}</Th>
              <Th>{t("billing.status")}</Th>
              <Th className="text-right">{t("billing.total")}</Th>
              <Th>
                <span className="sr-only">{t("billing.invoicesHeading")}</span>
              </Th>
            </tr>
          </thead>
          <tbody data-testid="billing-invoices">
            {items.map((invoice) => (
              <tr key={invoice.id}>
                <Td className="whitespace-nowrap">{monthFormat.format(new Date(invoice.periodStart))}</Td>
                <Td>
                  <Badge tone={invoice.status === "finalized" ? "success" : "info"}>{t(`billing.invoiceStatus.${invoice.status}`)}</Badge>
                </Td>
                <Td className="text-right font-mono tabular-nums">{formatMoney(invoice.totalMinor, invoice.currency, locale)}</Td>
                <Td className="whitespace-nowrap text-right">
                  <Link className="text-sm font-medium text-primary underline-offset-4 hover:underline" href={`/${encodeURIComponent(tenant)}/billing/invoices/${invoice.id}`}>
                    {t("billing.view", { id: invoice.id })}
                  </Link>
                  <a className="ml-4 text-sm font-medium text-primary underline-offset-4 hover:underline" href={invoiceCsvUrl(tenant, invoice.id)} download>
                    {t("billing.downloadCsv", { id: invoice.id })}
                  </a>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </section>
  );
}
