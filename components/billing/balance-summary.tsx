"use client";

import { BillingStateBadge } from "@/components/billing/billing-state-badge";
import { Card } from "@/components/ui/card";
import { formatDateTime } from "@/lib/client/format-timestamp";
import type { TenantBalance } from "@/lib/contracts/billing";
import type { TenantBillingUsage } from "@/lib/contracts/billing-usage";
import { formatMoney } from "@/lib/format/format-money";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** The balance with its billing state, the burn rate per hour and the projected days left. */
export function BalanceSummary({ balance, usage }: { balance: TenantBalance; usage: TenantBillingUsage | undefined }) {
  const t = useT();
  const locale = useLocale();
  const money = (minor: string) => formatMoney(minor, balance.currency, locale);
  const billing = usage?.billing;
  const burn = usage?.burn;

  let help: string;
  if (balance.state === "low") help = t("billing.stateHelp.low", { amount: money(billing?.lowBalanceMinor ?? balance.balanceMinor) });
  else if (balance.state === "warned")
    help = billing?.suspendsAt ? t("billing.stateHelp.warned", { when: formatDateTime(billing.suspendsAt, locale) }) : t("billing.stateHelp.warnedNoTime");
  else if (balance.state === "suspended") help = t("billing.stateHelp.suspended", { when: balance.suspendedAt ? formatDateTime(balance.suspendedAt, locale) : "—" });
  else help = t("billing.stateHelp.ok");

  let daysLeft = t("billing.daysLeftNone");
  if (burn && burn.projectedDaysLeft !== null) {
    daysLeft = burn.projectedDaysLeft < 1 ? t("billing.daysLeftLessThanOne") : t("billing.daysLeftValue", { days: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(burn.projectedDaysLeft) });
  }

  return (
    <section aria-labelledby="billing-balance-heading" className="grid gap-4 md:grid-cols-3">
      <Card className="space-y-2 p-5 md:col-span-1">
        <h2 id="billing-balance-heading" className="text-sm font-medium text-muted-foreground">
          {t("billing.balanceLabel")}
        </h2>
        <p className="font-mono text-3xl font-semibold tabular-nums text-foreground" data-testid="billing-balance" aria-live="polite">
          {money(balance.balanceMinor)}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <BillingStateBadge state={balance.state} />
          {balance.floorMinor !== "0" ? <span className="text-xs text-muted-foreground">{t("billing.floor", { amount: money(balance.floorMinor) })}</span> : null}
        </div>
        <p className="text-sm text-muted-foreground" data-testid="billing-state-help">
          {help}
        </p>
      </Card>
      <Card className="space-y-2 p-5">
        <h2 className="text-sm font-medium text-muted-foreground">{t("billing.burnHeading")}</h2>
        <p className="font-mono text-2xl font-semibold tabular-nums text-foreground" data-testid="billing-burn">
          {burn ? t("billing.burnPerHour", { amount: money(burn.minorPerHour) }) : "—"}
        </p>
        {burn ? (
          <p className="text-xs text-muted-foreground">
            {t("billing.burnRequests", { cpu: String(burn.cpuMillicores), memory: String(burn.memoryMiB), version: String(burn.priceCardVersion) })}
          </p>
        ) : null}
      </Card>
      <Card className="space-y-2 p-5">
        <h2 className="text-sm font-medium text-muted-foreground">{t("billing.daysLeft")}</h2>
        <p className="text-2xl font-semibold tabular-nums text-foreground" data-testid="billing-days-left">
          {burn ? daysLeft : "—"}
        </p>
      </Card>
    </section>
  );
}
