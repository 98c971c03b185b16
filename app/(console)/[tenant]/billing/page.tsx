import type { Metadata } from "next";

import { PlaceholderScreen } from "@/components/layout/placeholder-screen";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("billing.title") };
}

/** The tenant's balance, usage and invoices (a placeholder until the billing release). */
export default async function BillingPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <PlaceholderScreen screen="billing" icon="card" values={{ tenant }} />;
}
