"use client";

import { PlansSection } from "@/components/ops/billing/plans-section";
import { PriceBookSection } from "@/components/ops/billing/price-book-section";
import { RevenueSection } from "@/components/ops/billing/revenue-section";
import { TenantsBalanceSection } from "@/components/ops/billing/tenants-balance-section";
import { VouchersSection } from "@/components/ops/billing/vouchers-section";
import { useT } from "@/lib/i18n/i18n-provider";

/** The ops billing screen: price book, plans, vouchers, tenants by balance and revenue, stacked, with in-page links. */
export function OpsBillingScreen() {
  const t = useT();
  const links = [
    ["price-book", t("opsBilling.tabPrices")],
    ["plans", t("opsBilling.tabPlans")],
    ["vouchers", t("opsBilling.tabVouchers")],
    ["tenants", t("opsBilling.tabTenants")],
    ["revenue", t("opsBilling.tabRevenue")],
  ] as const;
  return (
    <div className="space-y-10">
      <nav aria-label={t("opsBilling.sections")}>
        <ul className="flex flex-wrap gap-2 text-sm">
          {links.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`} className="inline-block rounded-md border border-border px-3 py-1.5 text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring">
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <PriceBookSection />
      <PlansSection />
      <VouchersSection />
      <TenantsBalanceSection />
      <RevenueSection />
    </div>
  );
}
