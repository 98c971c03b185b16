"use client";

import { QueryError } from "@/components/layout/query-error";
import { Badge } from "@/components/ui/badge";
import { CursorPager } from "@/components/ui/cursor-pager";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/client/format-timestamp";
import { useTenantTransactions } from "@/lib/client/use-billing";
import { useCursorPages } from "@/lib/client/use-cursor-pages";
import { formatMoney } from "@/lib/format/format-money";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

const PAGE_SIZE = 20;

/** Money in and out of the balance, newest first, paged with the server's cursors. */
export function TransactionsTable({ tenant }: { tenant: string }) {
  const t = useT();
  const locale = useLocale();
  const pages = useCursorPages();
  const query = useTenantTransactions(tenant, pages.cursor, PAGE_SIZE);
  const items = query.data?.items ?? [];

  return (
    <section className="space-y-3" aria-labelledby="billing-transactions-heading">
      <h2 id="billing-transactions-heading" className="text-base font-semibold">
        {t("billing.transactionsHeading")}
      </h2>
      {query.isError ? <QueryError title={t("billing.loadFailed")} error={query.error} onRetry={() => query.refetch()} /> : null}
      {query.isPending ? <LoadingBlock label={t("common.loading")} /> : null}
      {query.data && items.length === 0 && pages.pageIndex === 0 ? <p className="text-sm text-muted-foreground">{t("billing.transactionsEmpty")}</p> : null}
      {items.length > 0 ? (
        <Table caption={t("billing.transactionsCaption")}>
          <thead>
            <tr>
              <Th>{t("billing.when")}</Th>
              <Th>{t("billing.kind")}</Th>
              <Th>{t("billing.memo")}</Th>
              <Th className="text-right">{t("billing.amount")}</Th>
              <Th className="text-right">{t("billing.balanceAfter")}</Th>
            </tr>
          </thead>
          <tbody data-testid="billing-transactions">
            {items.map((item) => {
              const positive = !item.amountMinor.startsWith("-");
              return (
                <tr key={item.id}>
                  <Td className="whitespace-nowrap text-muted-foreground">{formatDateTime(item.createdAt, locale)}</Td>
                  <Td>
                    <Badge tone={positive ? "success" : "neutral"}>{t(`billing.kinds.${item.kind}`)}</Badge>
                  </Td>
                  <Td>
                    <span>{item.memo}</span>
                    {item.uncollectedMinor !== "0" ? (
                      <span className="block text-xs text-muted-foreground">{t("billing.uncollected", { amount: formatMoney(item.uncollectedMinor, item.currency, locale) })}</span>
                    ) : null}
                  </Td>
                  <Td className={positive ? "text-right font-mono tabular-nums text-emerald-700 dark:text-emerald-300" : "text-right font-mono tabular-nums"}>
                    {positive ? "+" : ""}
                    {formatMoney(item.amountMinor, item.currency, locale)}
                  </Td>
                  <Td className="text-right font-mono tabular-nums">{formatMoney(item.balanceAfterMinor, item.currency, locale)}</Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      ) : null}
      {query.data && (pages.hasPrevious || query.data.nextCursor) ? (
        <CursorPager
          label={t("billing.transactionsPager")}
          summary={t("billing.transactionsPage", { page: String(pages.pageIndex + 1) })}
          previousLabel={t("billing.previous")}
          nextLabel={t("billing.next")}
          hasPrevious={pages.hasPrevious}
          nextCursor={query.data.nextCursor}
          loading={query.isPlaceholderData}
          onPrevious={pages.previous}
          onNext={pages.next}
        />
      ) : null}
    </section>
  );
}
