import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { DeployButton } from "@/components/deployments/deploy-button";
import { WorkloadList } from "@/components/deployments/workload-list";
import { PageHeader } from "@/components/ui/page-header";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("deployments.title") };
}

/**
 * The tenant's workloads, live. The hub's "Deploy" links here with `?image=<ref>` (deployHref), which goes
 * straight to the deploy form with that image.
 */
export default async function DeploymentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ tenant }, query, { t }] = await Promise.all([params, searchParams, getTranslations()]);
  const image = typeof query.image === "string" ? query.image.trim() : "";
  if (image) redirect(`/${tenant}/deployments/new?${new URLSearchParams({ image }).toString()}`);
  return (
    <div className="space-y-6">
      <PageHeader title={t("deployments.title")} description={t("deployments.description")} actions={<DeployButton tenant={tenant} />} />
      <WorkloadList tenant={tenant} />
    </div>
  );
}
