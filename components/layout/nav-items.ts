import type { IconName } from "@/components/ui/icon";
import type { MessageKey } from "@/lib/i18n/translate";

export type NavItem = {
  labelKey: MessageKey;
  icon: IconName;
  href: string;
  /** Only the exact path counts as active; otherwise every path below `href` does too. */
  exact: boolean;
};

/** The tenant screens, in sidebar order. The slug comes from the URL and is encoded defensively. */
export function tenantNavItems(tenant: string): NavItem[] {
  const base = `/${encodeURIComponent(tenant)}`;
  return [
    // Overview is the tenant's root, so it must match exactly or it would light up on every tenant page.
    { labelKey: "nav.overview", icon: "grid", href: base, exact: true },
    { labelKey: "nav.deployments", icon: "layers", href: `${base}/deployments`, exact: false },
    { labelKey: "nav.images", icon: "box", href: `${base}/images`, exact: false },
    { labelKey: "catalogue.navLabel", icon: "compass", href: `${base}/catalogue`, exact: false },
    { labelKey: "nav.metrics", icon: "activity", href: `${base}/metrics`, exact: false },
    { labelKey: "nav.billing", icon: "card", href: `${base}/billing`, exact: false },
    { labelKey: "nav.settings", icon: "gear", href: `${base}/settings`, exact: false },
  ];
}

/** The platform-admin screens. */
export const opsNavItems: NavItem[] = [
  { labelKey: "nav.opsOverview", icon: "compass", href: "/ops", exact: true },
  { labelKey: "nav.opsNodes", icon: "server", href: "/ops/nodes", exact: false },
  { labelKey: "nav.opsTenants", icon: "users", href: "/ops/tenants", exact: false },
  { labelKey: "nav.opsBilling", icon: "card", href: "/ops/billing", exact: false },
  { labelKey: "nav.opsWallboard", icon: "monitor", href: "/ops/wall", exact: false },
];
