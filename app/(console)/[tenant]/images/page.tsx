import type { Metadata } from "next";

import { PlaceholderScreen } from "@/components/layout/placeholder-screen";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("images.title") };
}

/** The tenant's image hub repositories (a placeholder until the image hub release). */
export default async function ImagesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <PlaceholderScreen screen="images" icon="box" values={{ tenant }} />;
}
