"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { findActiveNavItem, type NavTarget } from "@/components/layout/find-active-nav-item";
import { useT } from "@/lib/i18n/i18n-provider";

export type SectionTitleItem = NavTarget & { label: string };

/**
 * The header's title slot: the current section, and on a detail page the item inside it
 * (`Deployments › web`). Derived from the pathname so the layout, which does not re-render on
 * soft navigation, still shows the right title.
 */
export function SectionTitle({ items }: { items: SectionTitleItem[] }) {
  const t = useT();
  const pathname = usePathname();
  const match = findActiveNavItem(pathname, items);
  if (!match) return null;

  const { item, rest } = match;
  return (
    <nav aria-label={t("header.breadcrumb")} className="min-w-0">
      <ol className="flex min-w-0 items-center gap-1.5 text-sm">
        {rest.length === 0 ? (
          <li aria-current="page" className="truncate font-medium text-foreground">
            {item.label}
          </li>
        ) : (
          <>
            <li className="shrink-0">
              <Link href={item.href} className="rounded-sm text-muted-foreground hover:text-foreground">
                {item.label}
              </Link>
            </li>
            <li aria-hidden="true" className="text-muted-foreground/60">
              /
            </li>
            <li aria-current="page" className="truncate font-medium text-foreground">
              {rest.join(" / ")}
            </li>
          </>
        )}
      </ol>
    </nav>
  );
}
