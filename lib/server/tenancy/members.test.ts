import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { hashPassword } from "../auth/password-hash";
import { insertUser } from "../auth/users";
import { memberships } from "../db/schema";
import type { ApiError } from "../http/api-error";
import { listMembers, removeMember, updateMemberRole } from "./members";
import { insertTenantWithOwner, toResolvedTenant, type ResolvedTenant } from "./tenants";

// On the real PostgreSQL server, where transactions run concurrently: the owner rows are locked, so two owners
// demoting (or removing) each other at the same moment cannot leave the tenant without one.

let harness: ApiHarness;
let tenant: ResolvedTenant;
let ownerA = "";
let ownerB = "";

beforeAll(async () => {
  harness = await startApiHarness({ postgres: true });
  const db = harness.database.db;
  const passwordHash = await hashPassword("correct horse battery");
  ownerA = (await db.transaction((tx) => insertUser(tx, { email: "a@example.com", name: "A", passwordHash }))).id;
  ownerB = (await db.transaction((tx) => insertUser(tx, { email: "b@example.com", name: "B", passwordHash }))).id;
  tenant = toResolvedTenant(await db.transaction((tx) => insertTenantWithOwner(tx, { name: "Acme", ownerUserId: ownerA })));
});
afterAll(async () => harness?.stop());

async function twoOwners() {
  const db = harness.database.db;
  await db.delete(memberships);
  await db.insert(memberships).values([
    { tenantId: tenant.id, userId: ownerA, role: "owner" },
    { tenantId: tenant.id, userId: ownerB, role: "owner" },
  ]);
}

const settle = async (work: Promise<unknown>[]) => (await Promise.allSettled(work)).map((r) => (r.status === "fulfilled" ? "ok" : (r.reason as ApiError).status));

describe("the last-owner rule under concurrency (PostgreSQL)", () => {
  it("lets only one of two owners demoting each other at once succeed", async () => {
    for (let round = 0; round < 5; round++) {
      await twoOwners();
      const outcomes = await settle([updateMemberRole(tenant, "owner", ownerA, "admin"), updateMemberRole(tenant, "owner", ownerB, "admin")]);
      expect(outcomes.sort()).toEqual([409, "ok"]);
      expect((await listMembers(tenant)).filter((m) => m.role === "owner")).toHaveLength(1);
    }
  });

  it("lets only one of two owners leave at once", async () => {
    await twoOwners();
    const outcomes = await settle([
      removeMember(tenant, { role: "owner", self: true, mayManage: true }, ownerA),
      removeMember(tenant, { role: "owner", self: true, mayManage: true }, ownerB),
    ]);
    expect(outcomes.sort()).toEqual([409, "ok"]);
    expect(await listMembers(tenant)).toHaveLength(1);
  });
});
