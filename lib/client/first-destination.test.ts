import { describe, expect, it } from "vitest";

import { firstDestination } from "@/lib/client/first-destination";
import type { TenantMembership } from "@/lib/contracts/tenants";

const tenant = (slug: string, status: TenantMembership["status"] = "active") => ({ slug, status }) as TenantMembership;

describe("firstDestination", () => {
  it("lands on the first tenant that still exists", () => {
    expect(firstDestination({ tenants: [tenant("gone", "deleted"), tenant("acme")], platformAdmin: false })).toBe("/acme");
  });

  it("sends a platform admin without tenants to the ops screens", () => {
    expect(firstDestination({ tenants: [], platformAdmin: true })).toBe("/ops");
  });

  it("offers everyone else a tenant of their own", () => {
    expect(firstDestination({ tenants: [], platformAdmin: false })).toBe("/account/new-tenant");
  });
});
