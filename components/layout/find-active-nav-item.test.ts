import { describe, expect, it } from "vitest";

import { findActiveNavItem, isNavItemActive } from "@/components/layout/find-active-nav-item";
import { opsNavItems, tenantNavItems } from "@/components/layout/nav-items";

describe("isNavItemActive", () => {
  it("marks a section active on its own page and on pages below it", () => {
    const item = { href: "/acme/deployments", exact: false };
    expect(isNavItemActive("/acme/deployments", item)).toBe(true);
    expect(isNavItemActive("/acme/deployments/web", item)).toBe(true);
    expect(isNavItemActive("/acme/deployments/", item)).toBe(true);
  });

  it("does not match a sibling path that merely shares a prefix", () => {
    expect(isNavItemActive("/acme/images-archive", { href: "/acme/images", exact: false })).toBe(false);
  });

  it("keeps an exact item inactive below its own page", () => {
    expect(isNavItemActive("/acme/deployments", { href: "/acme", exact: true })).toBe(false);
    expect(isNavItemActive("/acme", { href: "/acme", exact: true })).toBe(true);
  });
});

describe("findActiveNavItem", () => {
  it("finds the tenant overview only on the tenant root", () => {
    expect(findActiveNavItem("/acme", tenantNavItems("acme"))?.item.labelKey).toBe("nav.overview");
    expect(findActiveNavItem("/acme/metrics", tenantNavItems("acme"))?.item.labelKey).toBe("nav.metrics");
  });

  it("returns the decoded segments below the section for detail pages", () => {
    expect(findActiveNavItem("/acme/deployments/web%20app", tenantNavItems("acme"))).toEqual({
      item: expect.objectContaining({ labelKey: "nav.deployments" }),
      rest: ["web app"],
    });
  });

  it("prefers the most specific ops item over the ops overview", () => {
    expect(findActiveNavItem("/ops/nodes", opsNavItems)?.item.labelKey).toBe("nav.opsNodes");
    expect(findActiveNavItem("/ops", opsNavItems)?.item.labelKey).toBe("nav.opsOverview");
  });

  it("returns null for a page outside the list", () => {
    expect(findActiveNavItem("/sign-in", opsNavItems)).toBeNull();
  });
});
