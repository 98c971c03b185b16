import Link from "next/link";

import { BrandMark } from "@/components/layout/brand-mark";
import { NavLink } from "@/components/layout/nav-link";
import { opsNavItems, tenantNavItems, type NavItem } from "@/components/layout/nav-items";
import { PlatformAdminOnly } from "@/components/layout/platform-admin-only";
import { Icon } from "@/components/ui/icon";
import { getTranslations } from "@/lib/i18n/get-translations";
import type { MessageKey } from "@/lib/i18n/translate";

/**
 * The sidebar's content: the tenant's screens (when a tenant is in the URL) and, for platform
 * admins, the platform administration screens (hidden from others; the ops pages and their API
 * check the role themselves).
 */
export async function Sidebar({ tenant }: { tenant?: string }) {
  const { t } = await getTranslations();
  const sections: { id: string; headingKey: MessageKey; items: NavItem[]; adminOnly: boolean }[] = [
    ...(tenant ? [{ id: "nav-tenant", headingKey: "nav.tenantSection" as const, items: tenantNavItems(tenant), adminOnly: false }] : []),
    { id: "nav-ops", headingKey: "nav.opsSection", items: opsNavItems, adminOnly: true },
  ];

  return (
    <>
      <div className="flex h-14 shrink-0 items-center gap-2.5 px-4">
        <Link
          href={tenant ? `/${encodeURIComponent(tenant)}` : "/ops"}
          className="flex items-center gap-2.5 rounded-md text-foreground"
        >
          <BrandMark />
          <span className="text-[15px] font-semibold tracking-tight">{t("common.appName")}</span>
        </Link>
      </div>
      <nav aria-label={t("nav.label")} className="flex-1 overflow-y-auto px-3 pt-2 pb-6">
        {sections.map((section) => {
          const content = (
            <div key={section.id} className="mb-6 last:mb-0">
              {/* A labelled list rather than an <h2>: navigation chrome should not sit in the page's heading outline before its <h1>. */}
              <p
                id={section.id}
                className="mb-1.5 px-2.5 text-xs font-medium tracking-wide text-muted-foreground uppercase"
              >
                {t(section.headingKey)}
              </p>
              <ul aria-labelledby={section.id} className="space-y-0.5">
                {section.items.map((item) => (
                  <li key={item.href}>
                    <NavLink href={item.href} exact={item.exact}>
                      <Icon name={item.icon} />
                      <span className="truncate">{t(item.labelKey)}</span>
                    </NavLink>
                  </li>
                ))}
              </ul>
            </div>
          );
          return section.adminOnly ? <PlatformAdminOnly key={section.id}>{content}</PlatformAdminOnly> : content;
        })}
      </nav>
    </>
  );
}
