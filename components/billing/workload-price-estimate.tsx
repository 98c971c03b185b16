"use client";

import { useTenantPriceCard } from "@/lib/client/use-billing";
import { formatMicroMoney, formatMoney } from "@/lib/format/format-money";
import { priceOfRequests } from "@/lib/format/price-of-requests";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/**
 * "About $0.0125 per hour, $9.13 per month" for one replica's requests × replicas at the price card in force: the
 * deploy form passes its size, the scale dialog the workload's live requests.
 */
export function WorkloadPriceEstimate({ tenant, cpuMillicores, memoryMiB, replicas }: { tenant: string; cpuMillicores: number; memoryMiB: number; replicas: string }) {
  const t = useT();
  const locale = useLocale();
  const card = useTenantPriceCard(tenant);
  const count = /^\d{1,3}$/.test(replicas.trim()) ? Number(replicas.trim()) : null;
  if (!card.data || count === null) return null;
  const price = priceOfRequests({ cpuMillicores, memoryMiB, replicas: count, ...card.data });
  return (
    <p className="text-sm text-muted-foreground" aria-live="polite" data-testid="workload-price">
      {t("billing.priceEstimate", {
        hourly: formatMicroMoney(price.microMinorPerHour, card.data.currency, locale),
        monthly: formatMoney(price.minorPerMonth, card.data.currency, locale),
        version: String(card.data.version),
      })}
    </p>
  );
}
