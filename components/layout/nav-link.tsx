"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

import { isNavItemActive } from "@/components/layout/find-active-nav-item";
import { cx } from "@/components/ui/cx";

/**
 * A sidebar link that knows whether it is the current page. Client-side only because the
 * pathname is needed after soft navigations, which do not re-render the server layout.
 */
export function NavLink({ href, exact, children }: { href: string; exact: boolean; children: ReactNode }) {
  const pathname = usePathname();
  const active = isNavItemActive(pathname, { href, exact });
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cx(
        "group flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors",
        "[&_svg]:size-4 [&_svg]:shrink-0",
        active
          ? "bg-surface-raised text-foreground shadow-xs ring-1 ring-border [&_svg]:text-brand"
          : "text-muted-foreground hover:bg-muted hover:text-foreground",
      )}
    >
      {children}
    </Link>
  );
}
