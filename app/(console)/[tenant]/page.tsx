import type { Metadata } from "next";

import { TenantOverview } from "@/components/tenancy/tenant-overview";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("overview.title") };
}

/** The tenant's home: status, namespace, plan quota and members (workloads, usage and balance join later). */
export default async function TenantOverviewPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <TenantOverview tenant={tenant} />;
}
