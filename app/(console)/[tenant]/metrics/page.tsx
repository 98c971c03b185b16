import type { Metadata } from "next";

import { TenantMetricsView } from "@/components/metrics/tenant-metrics-view";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("metrics.title") };
}

/** The tenant's resource use: quota usage, the whole tenant's charts over a range, and its busiest workloads. */
export default async function MetricsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <TenantMetricsView tenant={tenant} />;
}
