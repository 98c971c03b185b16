"use client";

import { useState } from "react";

import { BalanceSummary } from "@/components/billing/balance-summary";
import { BillingUsageChart } from "@/components/billing/billing-usage-chart";
import { InvoicesTable } from "@/components/billing/invoices-table";
import { RedeemVoucherForm } from "@/components/billing/redeem-voucher-form";
import { TransactionsTable } from "@/components/billing/transactions-table";
import { QueryError } from "@/components/layout/query-error";
import { Card } from "@/components/ui/card";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/client/format-timestamp";
import { useBillingUsage, useTenantBalance } from "@/lib/client/use-billing";
import { useTenantAccess } from "@/lib/client/use-tenant-access";
import { useTenantChanges } from "@/lib/client/use-tenant-changes";
import type { BillingUsageRange } from "@/lib/contracts/billing-usage";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** The tenant's billing page: balance and state, burn rate, cost by workload, redeem, transactions, invoices. */
export function BillingView({ tenant }: { tenant: string }) {
  const t = useT();
  const locale = useLocale();
  const [range, setRange] = useState<BillingUsageRange>("24h");
  const balance = useTenantBalance(tenant);
  const usage = useBillingUsage(tenant, range);
  const access = useTenantAccess(tenant);
  // The tenant's live stream announces balance changes (a top-up on any replica, a charge by the meter).
  useTenantChanges(tenant);
  const notifications = usage.data?.billing.notifications ?? [];

  return (
    <div className="space-y-8" data-testid="billing-view">
      <PageHeader title={t("billing.title")} description={t("billing.description")} />
      {balance.isError ? <QueryError title={t("billing.loadFailed")} error={balance.error} onRetry={() => balance.refetch()} /> : null}
      {balance.isPending ? <LoadingBlock label={t("common.loading")} lines={4} /> : null}
      {balance.data ? <BalanceSummary balance={balance.data} usage={usage.data} /> : null}
      {usage.isError ? <QueryError title={t("billing.loadFailed")} error={usage.error} onRetry={() => usage.refetch()} /> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 lg:col-span-2">
          <BillingUsageChart usage={usage.data} range={range} onRange={setRange} loading={usage.isPending || usage.isPlaceholderData} />
        </div>
        <div className="space-y-6">
          <RedeemVoucherForm tenant={tenant} canRedeem={access.can("billing:write")} />
          {notifications.length > 0 ? (
            <Card className="space-y-3 p-5">
              <h2 className="text-base font-semibold">{t("billing.notificationsHeading")}</h2>
              <ul className="space-y-2 text-sm" data-testid="billing-notifications">
                {notifications.map((notice) => (
                  <li key={`${notice.kind}-${notice.createdAt}`}>
                    <span className="block text-xs text-muted-foreground">{formatDateTime(notice.createdAt, locale)}</span>
                    {notice.message}
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
      </div>
      <TransactionsTable tenant={tenant} />
      <InvoicesTable tenant={tenant} />
    </div>
  );
}
