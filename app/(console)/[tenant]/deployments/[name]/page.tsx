import type { Metadata } from "next";

import { PlaceholderScreen } from "@/components/layout/placeholder-screen";
import { getTranslations } from "@/lib/i18n/get-translations";

type Params = Promise<{ tenant: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [{ t }, { name }] = await Promise.all([getTranslations(), params]);
  return { title: t("deploymentDetail.title", { name }) };
}

/**
 * One workload (a placeholder until the workloads release). The name comes from the URL; the
 * page does not claim the workload exists, it only says what this page will show.
 */
export default async function DeploymentDetailPage({ params }: { params: Params }) {
  const { tenant, name } = await params;
  return <PlaceholderScreen screen="deploymentDetail" icon="layers" values={{ tenant, name }} />;
}
