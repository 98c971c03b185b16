"use client";

import Link from "next/link";

import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { Icon } from "@/components/ui/icon";
import { PopoverMenu } from "@/components/ui/popover-menu";
import { useWhoAmI } from "@/lib/client/use-who-am-i";
import { useT } from "@/lib/i18n/i18n-provider";

const itemStyles = "flex w-full items-center gap-2 rounded-md px-2.5 py-2 text-left hover:bg-muted focus-visible:bg-muted";

/**
 * The header's tenant picker: the signed-in user's tenants from who-am-i, each a plain link (switching is
 * navigation), plus creating another. Until who-am-i arrives it shows the slug from the URL, so nothing jumps.
 * Hidden on phones, where the header has room only for the title, language and theme.
 */
export function TenantSwitcher({ tenant }: { tenant?: string }) {
  const t = useT();
  const whoAmI = useWhoAmI();
  const tenants = whoAmI.data?.tenants ?? [];
  const current = tenants.find((item) => item.slug === tenant);

  return (
    <div className="hidden sm:block" data-slot="tenant-switcher">
      <PopoverMenu
        align="end"
        triggerLabel={t("tenantSwitcher.open", { tenant: current?.name ?? tenant ?? t("tenantSwitcher.none") })}
        triggerClassName="flex h-9 max-w-[16rem] min-w-0 items-center gap-2 rounded-md border border-border bg-surface px-2.5 text-sm shadow-xs hover:bg-muted"
        trigger={
          <>
            <Icon name="hexagon" className="size-4 shrink-0 text-brand" />
            {tenant ? (
              <span className="truncate font-mono text-[13px] font-medium text-foreground">{tenant}</span>
            ) : (
              <span className="truncate text-muted-foreground">{t("tenantSwitcher.none")}</span>
            )}
            <Icon name="chevronsUpDown" className="size-3.5 shrink-0 text-muted-foreground" />
          </>
        }
      >
        <nav aria-label={t("tenantSwitcher.label")}>
          <p className="px-2.5 pt-1 pb-1.5 text-xs font-medium text-muted-foreground">{t("tenantSwitcher.yourTenants")}</p>
          {whoAmI.isPending ? <p className="px-2.5 py-2 text-muted-foreground">{t("common.loading")}</p> : null}
          {whoAmI.isError ? <p className="px-2.5 py-2 text-muted-foreground">{t("tenantSwitcher.unavailable")}</p> : null}
          {whoAmI.isSuccess && tenants.length === 0 ? <p className="px-2.5 py-2 text-muted-foreground">{t("tenantSwitcher.empty")}</p> : null}
          <ul className="max-h-72 overflow-y-auto">
            {tenants.map((item) => (
              <li key={item.id}>
                <Link
                  href={`/${encodeURIComponent(item.slug)}`}
                  aria-current={item.slug === tenant ? "page" : undefined}
                  className={cx(itemStyles, item.slug === tenant && "bg-muted")}
                >
                  <span className="min-w-0 flex-1">
                    <span className="block truncate font-medium">{item.name}</span>
                    <span className="block truncate font-mono text-xs text-muted-foreground">{item.slug}</span>
                  </span>
                  <Badge>{t(`roles.${item.role}`)}</Badge>
                </Link>
              </li>
            ))}
          </ul>
          <div className="mt-1 border-t border-border pt-1">
            <Link href="/account/new-tenant" className={itemStyles}>
              <Icon name="grid" className="size-4 text-muted-foreground" />
              {t("tenantSwitcher.create")}
            </Link>
            {whoAmI.data?.platformAdmin ? (
              <Link href="/ops" className={itemStyles}>
                <Icon name="compass" className="size-4 text-muted-foreground" />
                {t("nav.opsSection")}
              </Link>
            ) : null}
          </div>
        </nav>
      </PopoverMenu>
    </div>
  );
}
