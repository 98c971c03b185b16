import type { Metadata } from "next";

import { PlaceholderScreen } from "@/components/layout/placeholder-screen";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("opsTenants.title") };
}

/** Every organization on the platform (a placeholder until the operations release). */
export default function OpsTenantsPage() {
  return <PlaceholderScreen screen="opsTenants" icon="users" />;
}
