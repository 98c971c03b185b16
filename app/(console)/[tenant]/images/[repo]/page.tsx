import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { RepositorySettings } from "@/components/images/repository-settings";
import { RepositoryStarButton } from "@/components/images/repository-star-button";
import { RepositoryTagsTable } from "@/components/images/repository-tags-table";
import { PushCommands } from "@/components/images/push-commands";
import { RegistryStatusBanner } from "@/components/images/registry-status-banner";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RepositoryName } from "@/lib/contracts/images";
import { getTranslations } from "@/lib/i18n/get-translations";

type Params = Promise<{ tenant: string; repo: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [{ t }, { tenant, repo }] = await Promise.all([getTranslations(), params]);
  return { title: `${tenant}/${repositoryNameFrom(repo) ?? repo} · ${t("images.title")}` };
}

/** The repository name in the URL, or null when it cannot be one (so no request is made for it). */
function repositoryNameFrom(segment: string): string | null {
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return null;
  }
  return RepositoryName.safeParse(name).success ? name : null;
}

/**
 * One repository: its tags (deploy, delete), visibility and description, and the push commands, with a banner while
 * the registry cannot be reached. The name comes from the URL; whether it exists is the API's answer, shown by the
 * client leaves.
 */
export default async function RepositoryPage({ params }: { params: Params }) {
  const [{ tenant, repo }, { t }] = await Promise.all([params, getTranslations()]);
  const name = repositoryNameFrom(repo);
  if (!name) notFound();
  const fullName = `${tenant}/${name}`;
  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <Link href={`/${tenant}/images`} className="text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline">
          ← {t("images.back")}
        </Link>
        <PageHeader title={fullName} description={t("images.detailDescription", { fullName, tenant })} actions={<RepositoryStarButton tenant={tenant} name={name} />} />
      </div>
      <RegistryStatusBanner tenant={tenant} />
      <section aria-labelledby="tags-heading" className="space-y-4">
        <h2 id="tags-heading" className="text-base font-semibold">
          {t("images.tagsHeading")}
        </h2>
        <RepositoryTagsTable tenant={tenant} repository={name} />
      </section>
      <div className="grid gap-6 lg:grid-cols-2">
        <RepositorySettings tenant={tenant} name={name} />
        <Card className="space-y-3 p-5">
          <h2 className="text-base font-semibold">{t("images.pushHeading")}</h2>
          <PushCommands tenant={tenant} repository={name} />
        </Card>
      </div>
    </div>
  );
}
