import type { Metadata } from "next";

import { BillingView } from "@/components/billing/billing-view";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("billing.title") };
}

/** The tenant's balance and billing state, burn rate, cost by workload, voucher redemption, transactions and invoices. */
export default async function BillingPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <BillingView tenant={tenant} />;
}
