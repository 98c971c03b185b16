import type { Metadata } from "next";

import { NodesOverview } from "@/components/ops/nodes-overview";
import { PageHeader } from "@/components/ui/page-header";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("opsNodes.title") };
}

/** The cluster's machines: allocatable, requested and used, pods, scrape state and per-node charts. */
export default async function OpsNodesPage() {
  const { t } = await getTranslations();
  return (
    <div className="space-y-8">
      <PageHeader title={t("opsNodes.title")} description={t("opsNodes.description")} />
      <NodesOverview />
    </div>
  );
}
