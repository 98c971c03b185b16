"use client";

import Link from "next/link";

import { cx } from "@/components/ui/cx";
import { formatRelative } from "@/lib/client/format-timestamp";
import { useBillingUsage, useTenantBalance } from "@/lib/client/use-billing";
import { formatMoney } from "@/lib/format/format-money";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/**
 * Above every tenant screen while billing needs attention: low balance, balance used up (with when the workloads
 * stop), or suspended; links to the billing page. Shows nothing while the state is ok or unknown.
 */
export function BillingBanner({ tenant }: { tenant: string }) {
  const t = useT();
  const locale = useLocale();
  const balance = useTenantBalance(tenant, { refetchIntervalMs: 15_000 });
  const state = balance.data?.state;
  // The time suspension is due lives with the usage; only asked for while warned.
  const usage = useBillingUsageWhenWarned(tenant, state === "warned");
  if (!balance.data || state === "ok" || state === undefined) return null;

  let text: string;
  if (state === "low") text = t("billing.banner.low", { amount: formatMoney(balance.data.balanceMinor, balance.data.currency, locale) });
  else if (state === "warned") {
    const suspendsAt = usage?.billing.suspendsAt;
    text = suspendsAt ? t("billing.banner.warned", { when: formatRelative(suspendsAt, locale) }) : t("billing.banner.warnedSoon");
  } else text = t("billing.banner.suspended");

  return (
    <div
      role={state === "low" ? "status" : "alert"}
      data-testid="billing-banner"
      data-state={state}
      className={cx(
        "mb-6 flex flex-wrap items-center justify-between gap-3 rounded-lg border px-4 py-3 text-sm print:hidden",
        state === "low"
          ? "border-amber-600/25 bg-amber-50 text-amber-900 dark:border-amber-400/25 dark:bg-amber-400/10 dark:text-amber-200"
          : "border-red-600/25 bg-red-50 text-red-900 dark:border-red-400/25 dark:bg-red-400/10 dark:text-red-200",
      )}
    >
      <p>{text}</p>
      <Link href={`/${encodeURIComponent(tenant)}/billing`} className="font-medium underline underline-offset-4">
        {t("billing.banner.action")}
      </Link>
    </div>
  );
}

function useBillingUsageWhenWarned(tenant: string, warned: boolean) {
  const usage = useBillingUsage(tenant, "24h", { enabled: warned });
  return warned ? usage.data : undefined;
}
