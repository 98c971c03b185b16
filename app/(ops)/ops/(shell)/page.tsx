import type { Metadata } from "next";

import { OpsOverview } from "@/components/ops/ops-overview";
import { PageHeader } from "@/components/ui/page-header";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("opsOverview.title") };
}

/** Cluster capacity, tenants by usage, failing pods, warning events and rollouts in progress (platform admins). */
export default async function OpsOverviewPage() {
  const { t } = await getTranslations();
  return (
    <div className="space-y-8">
      <PageHeader title={t("opsOverview.title")} description={t("opsOverview.description")} />
      <OpsOverview />
    </div>
  );
}
