import type { Metadata } from "next";

import { OpsBillingScreen } from "@/components/ops/billing/ops-billing-screen";
import { PageHeader } from "@/components/ui/page-header";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("opsBilling.title") };
}

/** Price book, plans, vouchers, tenants by balance and revenue (platform admins; the ops layout gates it). */
export default async function OpsBillingPage() {
  const { t } = await getTranslations();
  return (
    <div className="space-y-8">
      <PageHeader title={t("opsBilling.title")} description={t("opsBilling.description")} />
      <OpsBillingScreen />
    </div>
  );
}
