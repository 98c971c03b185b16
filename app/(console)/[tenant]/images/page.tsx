import type { Metadata } from "next";

import { CreateRepositoryDialog } from "@/components/images/create-repository-dialog";
import { RegistryStatusBanner } from "@/components/images/registry-status-banner";
import { RepositoryList } from "@/components/images/repository-list";
import { PageHeader } from "@/components/ui/page-header";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("images.title") };
}

/**
 * The tenant's image hub: its repositories, searchable and sorted, and "create repository" with push commands; a
 * banner says so while the registry cannot be reached.
 */
export default async function ImagesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const [{ tenant }, { t }] = await Promise.all([params, getTranslations()]);
  return (
    <div className="space-y-6">
      <PageHeader title={t("images.title")} description={t("images.description")} actions={<CreateRepositoryDialog tenant={tenant} />} />
      <RegistryStatusBanner tenant={tenant} />
      <RepositoryList tenant={tenant} />
    </div>
  );
}
