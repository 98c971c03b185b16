import type { Metadata } from "next";

import { PlaceholderScreen } from "@/components/layout/placeholder-screen";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("metrics.title") };
}

/** Charts of the tenant's resource use (a placeholder until the metrics release). */
export default async function MetricsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <PlaceholderScreen screen="metrics" icon="activity" values={{ tenant }} />;
}
