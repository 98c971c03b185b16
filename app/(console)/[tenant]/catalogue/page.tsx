import type { Metadata } from "next";

import { CatalogueList } from "@/components/images/catalogue-list";
import { PageHeader } from "@/components/ui/page-header";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("catalogue.title") };
}

/**
 * The public catalogue, reached from the tenant's navigation: public repositories of every tenant on this server,
 * with pull commands and stars. The tenant in the URL only decides where the shell and links lead.
 */
export default async function CataloguePage({ params }: { params: Promise<{ tenant: string }> }) {
  const [{ tenant }, { t }] = await Promise.all([params, getTranslations()]);
  return (
    <div className="space-y-6">
      <PageHeader title={t("catalogue.title")} description={t("catalogue.description")} />
      <CatalogueList tenant={tenant} />
    </div>
  );
}
