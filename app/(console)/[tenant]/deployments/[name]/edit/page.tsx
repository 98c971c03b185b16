import type { Metadata } from "next";
import Link from "next/link";

import { EditWorkload } from "@/components/deployments/edit-workload";
import { PageHeader } from "@/components/ui/page-header";
import { getTranslations } from "@/lib/i18n/get-translations";

type Params = Promise<{ tenant: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [{ t }, { name }] = await Promise.all([getTranslations(), params]);
  return { title: t("deployForm.editTitle", { name: decodeURIComponent(name) }) };
}

/** Edit a workload: the deploy form filled with its current spec; saving replaces the spec (PATCH). */
export default async function EditDeploymentPage({ params }: { params: Params }) {
  const [{ tenant, name: segment }, { t }] = await Promise.all([params, getTranslations()]);
  const name = decodeURIComponent(segment);
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <Link href={`/${tenant}/deployments/${encodeURIComponent(name)}`} className="text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline">
          ← {t("deployForm.backToWorkload", { name })}
        </Link>
        <PageHeader title={t("deployForm.editTitle", { name })} description={t("deployForm.editDescription")} />
      </div>
      <EditWorkload tenant={tenant} name={name} />
    </div>
  );
}
