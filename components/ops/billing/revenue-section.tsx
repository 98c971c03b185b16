"use client";

import { useState, type FormEvent } from "react";

import { BillingSection, QueryStatus, isoToLocalInput, localInputToIso } from "@/components/ops/billing/billing-section";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/text-field";
import { formatDateTime } from "@/lib/client/format-timestamp";
import { useOpsRevenue } from "@/lib/client/use-ops-billing";
import { formatMoney } from "@/lib/format/format-money";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

function startOfUtcMonth(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
}

/** Usage charged, uncollected, cash received and promotions over a chosen period (default: this month so far). */
export function RevenueSection() {
  const t = useT();
  const locale = useLocale();
  const [period, setPeriod] = useState(() => {
    const now = new Date();
    now.setSeconds(0, 0);
    return { from: startOfUtcMonth(now), to: new Date(now.getTime() + 60_000).toISOString() };
  });
  const [draft, setDraft] = useState(() => ({ from: isoToLocalInput(period.from), to: isoToLocalInput(period.to) }));
  const [error, setError] = useState<string | null>(null);
  const revenue = useOpsRevenue(period.from, period.to);

  function submit(event: FormEvent) {
    event.preventDefault();
    const from = localInputToIso(draft.from);
    const to = localInputToIso(draft.to);
    if (!from || !to || from === "invalid" || to === "invalid") return setError(t("opsBilling.invalidTime"));
    if (new Date(from) >= new Date(to)) return setError(t("opsBilling.invalidPeriod"));
    setError(null);
    setPeriod({ from, to });
  }

  const data = revenue.data;
  const figures = data
    ? [
        [t("opsBilling.usageCharged"), formatMoney(data.usageChargedMinor, data.currency, locale)],
        [t("opsBilling.uncollected"), formatMoney(data.uncollectedMinor, data.currency, locale)],
        [t("opsBilling.cashReceived"), formatMoney(data.cashReceivedMinor, data.currency, locale)],
        [t("opsBilling.promotions"), formatMoney(data.promotionsMinor, data.currency, locale)],
        [t("opsBilling.prepaidOutstanding"), formatMoney(data.prepaidOutstandingMinor, data.currency, locale)],
        [t("opsBilling.transactions"), new Intl.NumberFormat(locale).format(data.transactions)],
      ]
    : [];

  return (
    <BillingSection id="revenue" title={t("opsBilling.tabRevenue")}>
      <form noValidate onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label={t("opsBilling.revenueHeading")}>
        <TextField id="revenue-from" type="datetime-local" label={t("opsBilling.from")} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        <TextField id="revenue-to" type="datetime-local" label={t("opsBilling.to")} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        <Button type="submit">{t("opsBilling.show")}</Button>
      </form>
      <div aria-live="polite">{error ? <p className="text-sm font-medium text-danger">{error}</p> : null}</div>
      {data ? (
        <Card className="p-5">
          <p className="mb-4 text-sm text-muted-foreground">
            {t("opsBilling.revenuePeriod", { from: formatDateTime(data.from, locale), to: formatDateTime(data.to, locale) })}
          </p>
          <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {figures.map(([label, value]) => (
              <div key={label}>
                <dt className="text-sm text-muted-foreground">{label}</dt>
                <dd className="text-xl font-semibold tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
      ) : (
        <QueryStatus query={revenue} />
      )}
    </BillingSection>
  );
}
