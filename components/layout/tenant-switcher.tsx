import { Icon } from "@/components/ui/icon";
import { getTranslations } from "@/lib/i18n/get-translations";

/**
 * The tenant switcher's slot. For now it shows the tenant slug from the URL and nothing more:
 * the list of the user's tenants arrives with the tenancy release, and a button that opens an
 * empty menu would promise something that is not there. Hidden on phones, where the header
 * has room only for the title, language and theme.
 */
export async function TenantSwitcher({ tenant }: { tenant?: string }) {
  const { t } = await getTranslations();
  return (
    <div
      className="hidden h-9 max-w-[11rem] min-w-0 items-center sm:flex gap-2 rounded-md border border-border bg-surface px-2.5 text-sm shadow-xs sm:max-w-[16rem]"
      data-slot="tenant-switcher"
    >
      <Icon name="hexagon" className="size-4 shrink-0 text-brand" />
      <span className="sr-only">{t("tenantSwitcher.label")}</span>
      {tenant ? (
        <span className="truncate font-mono text-[13px] font-medium text-foreground">{tenant}</span>
      ) : (
        <span className="truncate text-muted-foreground">{t("tenantSwitcher.none")}</span>
      )}
    </div>
  );
}
