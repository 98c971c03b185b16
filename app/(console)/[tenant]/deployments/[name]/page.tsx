import type { Metadata } from "next";
import Link from "next/link";

import { WorkloadDetailView, type WorkloadTabName } from "@/components/deployments/workload-detail-view";
import { getTranslations } from "@/lib/i18n/get-translations";

type Params = Promise<{ tenant: string; name: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const TABS: readonly WorkloadTabName[] = ["pods", "metrics", "events", "logs", "yaml"];

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [{ t }, { name }] = await Promise.all([getTranslations(), params]);
  return { title: t("deploymentDetail.title", { name: decodeURIComponent(name) }) };
}

/**
 * One workload: its rollout, actions, pods, metrics, events, logs and YAML. The name comes from the URL; whether it exists
 * is the API's answer, shown by the client leaves.
 */
export default async function DeploymentDetailPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const [{ tenant, name }, { t }, query] = await Promise.all([params, getTranslations(), searchParams]);
  // `?tab=metrics` opens a tab directly (the metrics page links to a workload's charts this way).
  const tab = TABS.find((candidate) => candidate === query.tab) ?? "pods";
  return (
    <div className="space-y-6">
      <Link href={`/${tenant}/deployments`} className="text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline">
        ← {t("deploymentDetail.back")}
      </Link>
      <WorkloadDetailView tenant={tenant} name={decodeURIComponent(name)} initialTab={tab} />
    </div>
  );
}
