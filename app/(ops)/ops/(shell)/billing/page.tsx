import type { Metadata } from "next";

import { PlaceholderScreen } from "@/components/layout/placeholder-screen";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("opsBilling.title") };
}

/** Price book, plans and vouchers (a placeholder until the billing release). */
export default function OpsBillingPage() {
  return <PlaceholderScreen screen="opsBilling" icon="card" />;
}
