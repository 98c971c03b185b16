import type { Metadata } from "next";

import { PlaceholderScreen } from "@/components/layout/placeholder-screen";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("opsOverview.title") };
}

/** Platform health and capacity (a placeholder until the operations release). */
export default function OpsOverviewPage() {
  return <PlaceholderScreen screen="opsOverview" icon="compass" />;
}
