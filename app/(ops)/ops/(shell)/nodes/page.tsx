import type { Metadata } from "next";

import { PlaceholderScreen } from "@/components/layout/placeholder-screen";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("opsNodes.title") };
}

/** The cluster's machines (a placeholder until the operations release). */
export default function OpsNodesPage() {
  return <PlaceholderScreen screen="opsNodes" icon="server" />;
}
