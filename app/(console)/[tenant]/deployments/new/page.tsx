import type { Metadata } from "next";
import Link from "next/link";

import { WorkloadForm } from "@/components/deployments/workload-form";
import { emptyWorkloadForm } from "@/components/deployments/workload-form-state";
import { PageHeader } from "@/components/ui/page-header";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("deployForm.title") };
}

/** Deploy an image: the form (and its YAML), pre-filled with `?image=` when coming from the hub. */
export default async function NewDeploymentPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ tenant }, query, { t }] = await Promise.all([params, searchParams, getTranslations()]);
  const image = typeof query.image === "string" ? query.image.trim() : "";
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <Link href={`/${tenant}/deployments`} className="text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline">
          ← {t("deploymentDetail.back")}
        </Link>
        <PageHeader title={t("deployForm.title")} description={t("deployForm.description", { tenant })} />
      </div>
      <WorkloadForm tenant={tenant} mode="create" initial={emptyWorkloadForm(image)} />
    </div>
  );
}
