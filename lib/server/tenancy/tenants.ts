import "server-only";
import { getEnv } from "@/lib/server/env";
import { and, asc, eq, ne } from "drizzle-orm";
import type { TenantRole } from "@/lib/contracts/permissions";
import type { Tenant, TenantDetail, TenantMembership, TenantQuota, TenantStatus } from "@/lib/contracts/tenants";
import type { Database } from "@/lib/server/db/database";
import { accessMemo, forgetAccess } from "@/lib/server/auth/access-memo";
import { getDatabase } from "@/lib/server/db/get-database";
import { isUniqueViolation } from "@/lib/server/db/is-unique-violation";
import { memberships, plans, tenants } from "@/lib/server/db/schema";
import { permissionsOf } from "./role-permissions";
import { namespaceOf, slugFromName, slugWithSuffix } from "./tenant-slug";

export type TenantRow = typeof tenants.$inferSelect;

/** The tenant as handlers and services receive it: resolved on the server from the path, never from a body. */
export interface ResolvedTenant {
  id: string;
  slug: string;
  name: string;
  namespace: string;
  status: TenantStatus;
  planName: string;
}

export function toResolvedTenant(row: TenantRow): ResolvedTenant {
  return { id: row.id, slug: row.slug, name: row.name, namespace: row.namespace, status: row.status as TenantStatus, planName: row.planName };
}

export function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    namespace: row.namespace,
    status: row.status as TenantStatus,
    plan: row.planName,
    createdAt: row.createdAt.toISOString(),
    provisioningError: row.status === "provisioning_failed" ? row.provisioningError : null,
  };
}

export function toTenantMembership(row: TenantRow, role: TenantRole): TenantMembership {
  return { ...toTenant(row), role, permissions: permissionsOf(role) };
}

export type PlanRow = typeof plans.$inferSelect;

export function toQuota(plan: PlanRow): TenantQuota {
  return {
    plan: plan.name,
    requestsCpuMillicores: plan.requestsCpuMillicores,
    requestsMemoryMiB: plan.requestsMemoryMiB,
    limitsCpuMillicores: plan.limitsCpuMillicores,
    limitsMemoryMiB: plan.limitsMemoryMiB,
    pods: plan.pods,
  };
}

export async function getPlanOrThrow(name: string, tx?: Database): Promise<PlanRow> {
  const db = tx ?? (await getDatabase()).db;
  const [plan] = await db.select().from(plans).where(eq(plans.name, name)).limit(1);
  if (!plan) throw new Error(`plan ${name} does not exist`);
  return plan;
}

/** The registry's `host:port` for users: APIARY_REGISTRY_PUBLIC_HOST, else the host of the registry Apiary uses. */
function registryPublicHost(): string {
  const env = getEnv();
  return env.APIARY_REGISTRY_PUBLIC_HOST ?? new URL(env.registryUrl).host;
}

export async function getTenantDetail(tenantId: string, role: TenantRole): Promise<TenantDetail> {
  const { db } = await getDatabase();
  const [row] = await db.select({ tenant: tenants, plan: plans }).from(tenants).innerJoin(plans, eq(plans.name, tenants.planName)).where(eq(tenants.id, tenantId));
  return { ...toTenantMembership(row.tenant, role), quota: toQuota(row.plan), registryHost: registryPublicHost() };
}

/** A live (not deleted) tenant by slug, or null. */
const tenantMemo = accessMemo<TenantRow>();
const roleMemo = accessMemo<TenantRole>();

export async function findTenantBySlug(slug: string): Promise<TenantRow | null> {
  return tenantMemo.remember(slug, async () => {
    const { db } = await getDatabase();
    const [row] = await db
      .select()
      .from(tenants)
      .where(and(eq(tenants.slug, slug), ne(tenants.status, "deleted")))
      .limit(1);
    return row ?? null;
  });
}

export async function findTenantById(id: string): Promise<TenantRow | null> {
  const { db } = await getDatabase();
  const [row] = await db.select().from(tenants).where(eq(tenants.id, id)).limit(1);
  return row ?? null;
}

/** The caller's role in a tenant, or null when not a member. */
export async function findMembershipRole(tenantId: string, userId: string): Promise<TenantRole | null> {
  return roleMemo.remember(`${tenantId}/${userId}`, async () => {
    const { db } = await getDatabase();
    const [row] = await db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)))
      .limit(1);
    return (row?.role as TenantRole | undefined) ?? null;
  });
}

/** The user's live tenants, by name. */
export async function listTenantsOfUser(userId: string): Promise<TenantMembership[]> {
  const { db } = await getDatabase();
  const rows = await db
    .select({ tenant: tenants, role: memberships.role })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, userId), ne(tenants.status, "deleted")))
    .orderBy(asc(tenants.name));
  return rows.map((row) => toTenantMembership(row.tenant, row.role as TenantRole));
}

/**
 * Inserts a tenant (status provisioning, the free plan) and its owner, inside the caller's transaction. The slug
 * comes from the name; when it is taken, a random suffix is added, retried on a race with another signup.
 */
export async function insertTenantWithOwner(tx: Database, input: { name: string; ownerUserId: string }): Promise<TenantRow> {
  const base = slugFromName(input.name);
  const [taken] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, base)).limit(1);
  let slug = taken ? slugWithSuffix(base) : base;
  for (let attempt = 0; ; attempt++) {
    try {
      // A savepoint, so a clash rolls back only this insert and the transaction goes on with another slug.
      const row = await tx.transaction(async (inner) => {
        const [created] = await inner.insert(tenants).values({ slug, name: input.name, namespace: namespaceOf(slug) }).returning();
        await inner.insert(memberships).values({ tenantId: created.id, userId: input.ownerUserId, role: "owner" });
        return created;
      });
      return row;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
      slug = slugWithSuffix(base);
    }
  }
}

export async function setTenantStatus(tenantId: string, patch: Partial<Pick<TenantRow, "status" | "provisioningError" | "provisionedAt" | "suspendedAt" | "deletedAt">>): Promise<TenantRow> {
  const { db } = await getDatabase();
  const [row] = await db.update(tenants).set(patch).where(eq(tenants.id, tenantId)).returning();
  forgetAccess();
  return row;
}
