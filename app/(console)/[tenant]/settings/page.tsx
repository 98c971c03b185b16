import type { Metadata } from "next";

import { PlaceholderScreen } from "@/components/layout/placeholder-screen";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("settings.title") };
}

/** Members, API keys and audit log (a placeholder until the tenancy release). */
export default async function SettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <PlaceholderScreen screen="settings" icon="gear" values={{ tenant }} />;
}
