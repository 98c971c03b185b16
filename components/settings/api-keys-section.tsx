import { ApiKeysTable } from "@/components/settings/api-keys-table";
import { CreateApiKeyForm } from "@/components/settings/create-api-key-form";
import { getTranslations } from "@/lib/i18n/get-translations";

/** Keys for automation: `Authorization: Bearer …` on the tenant's API with the key's role. */
export async function ApiKeysSection({ tenant }: { tenant: string }) {
  const { t } = await getTranslations();
  return (
    <section aria-labelledby="api-keys-heading" className="space-y-4">
      <div>
        <h2 id="api-keys-heading" className="text-base font-semibold">
          {t("apiKeys.heading")}
        </h2>
        <p className="mt-1 text-sm text-muted-foreground">{t("apiKeys.description")}</p>
      </div>
      <CreateApiKeyForm tenant={tenant} />
      <ApiKeysTable tenant={tenant} />
    </section>
  );
}
