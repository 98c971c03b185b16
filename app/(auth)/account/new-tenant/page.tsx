import type { Metadata } from "next";

import { CreateTenantForm } from "@/components/tenancy/create-tenant-form";
import { Card } from "@/components/ui/card";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("newTenant.title") };
}

/** Create another tenant (or a first one, for someone who joined none): the caller becomes its owner. */
export default async function NewTenantPage() {
  const { t } = await getTranslations();
  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold tracking-tight">{t("newTenant.title")}</h1>
      <p className="mt-1.5 mb-6 text-sm text-muted-foreground">{t("newTenant.description")}</p>
      <CreateTenantForm />
    </Card>
  );
}
