import type { Metadata } from "next";

import { PlaceholderScreen } from "@/components/layout/placeholder-screen";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("overview.title") };
}

/** The tenant's home: a summary of workloads, usage and balance (a placeholder until those releases). */
export default async function TenantOverviewPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <PlaceholderScreen screen="overview" icon="grid" values={{ tenant }} />;
}
