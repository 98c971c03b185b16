import { LanguageSwitch } from "@/components/layout/language-switch";
import { MobileMenuButton } from "@/components/layout/mobile-menu-button";
import { opsNavItems, tenantNavItems } from "@/components/layout/nav-items";
import { SectionTitle } from "@/components/layout/section-title";
import { TenantSwitcher } from "@/components/layout/tenant-switcher";
import { ThemeToggle } from "@/components/layout/theme-toggle";
import { UserMenu } from "@/components/layout/user-menu";
import { getTranslations } from "@/lib/i18n/get-translations";

/** The console's top bar: menu button (narrow screens), page title, tenant, language, theme and the user. */
export async function Header({ tenant, sidebarId }: { tenant?: string; sidebarId: string }) {
  const { t } = await getTranslations();
  // Labels are translated here, on the server, so the client title slot only matches paths.
  const titleItems = [...(tenant ? tenantNavItems(tenant) : []), ...opsNavItems].map((item) => ({
    href: item.href,
    exact: item.exact,
    label: t(item.labelKey),
  }));

  return (
    <header className="sticky top-0 z-20 flex h-14 shrink-0 items-center gap-3 border-b border-border bg-background/85 px-4 backdrop-blur supports-[backdrop-filter]:bg-background/70 sm:px-6">
      <MobileMenuButton controls={sidebarId} />
      <SectionTitle items={titleItems} />
      <div className="ml-auto flex min-w-0 items-center gap-2">
        <TenantSwitcher tenant={tenant} />
        <LanguageSwitch />
        <ThemeToggle />
        <UserMenu tenant={tenant} />
      </div>
    </header>
  );
}
