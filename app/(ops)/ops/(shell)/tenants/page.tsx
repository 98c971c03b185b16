import type { Metadata } from "next";

import { OpsTenantsTable } from "@/components/ops/ops-tenants-table";
import { PageHeader } from "@/components/ui/page-header";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("opsTenants.title") };
}

/** Every organization on the platform, with suspend, resume and delete (platform admins). */
export default async function OpsTenantsPage() {
  const { t } = await getTranslations();
  return (
    <div className="space-y-8">
      <PageHeader title={t("opsTenants.title")} description={t("opsTenants.description")} />
      <OpsTenantsTable />
    </div>
  );
}
