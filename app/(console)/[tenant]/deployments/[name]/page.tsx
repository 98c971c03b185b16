import type { Metadata } from "next";
import Link from "next/link";

import { WorkloadDetailView } from "@/components/deployments/workload-detail-view";
import { getTranslations } from "@/lib/i18n/get-translations";

type Params = Promise<{ tenant: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [{ t }, { name }] = await Promise.all([getTranslations(), params]);
  return { title: t("deploymentDetail.title", { name: decodeURIComponent(name) }) };
}

/**
 * One workload: its rollout, actions, pods, events, logs and YAML. The name comes from the URL; whether it exists
 * is the API's answer, shown by the client leaves.
 */
export default async function DeploymentDetailPage({ params }: { params: Params }) {
  const [{ tenant, name }, { t }] = await Promise.all([params, getTranslations()]);
  return (
    <div className="space-y-6">
      <Link href={`/${tenant}/deployments`} className="text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline">
        ← {t("deploymentDetail.back")}
      </Link>
      <WorkloadDetailView tenant={tenant} name={decodeURIComponent(name)} />
    </div>
  );
}
