import "server-only";
import { and, asc, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import type { OpsTenant } from "@/lib/contracts/tenants";
import { getDatabase } from "@/lib/server/db/get-database";
import { memberships, tenants, users } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { deleteTenantNamespace } from "./provision-tenant";
import { setTenantStatus, toResolvedTenant, toTenant, type TenantRow } from "./tenants";

async function toOpsTenants(rows: TenantRow[]): Promise<OpsTenant[]> {
  if (rows.length === 0) return [];
  const { db } = await getDatabase();
  const people = await db
    .select({ tenantId: memberships.tenantId, role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.tenantId, rows.map((r) => r.id)));
  return rows.map((row) => {
    const mine = people.filter((p) => p.tenantId === row.id);
    return {
      ...toTenant(row),
      memberCount: mine.length,
      ownerEmails: mine.filter((p) => p.role === "owner").map((p) => p.email).sort(),
      suspendedAt: row.suspendedAt?.toISOString() ?? null,
      deletedAt: row.deletedAt?.toISOString() ?? null,
    };
  });
}

export async function listOpsTenants(filter: { status?: string; q?: string }): Promise<OpsTenant[]> {
  const { db } = await getDatabase();
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(tenants.status, filter.status));
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(tenants.slug, pattern), ilike(tenants.name, pattern))!);
  }
  const rows = await db
    .select()
    .from(tenants)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(tenants.slug))
    .limit(1000);
  return toOpsTenants(rows);
}

async function getTenantRowOrThrow(slug: string): Promise<TenantRow> {
  const { db } = await getDatabase();
  const [row] = await db.select().from(tenants).where(eq(tenants.slug, slug)).limit(1);
  if (!row) throw new ApiError("not_found", `Tenant ${slug.slice(0, 63)} not found.`);
  return row;
}

export async function findOpsTenantRow(slug: string): Promise<TenantRow> {
  return getTenantRowOrThrow(slug);
}

export async function suspendTenant(slug: string): Promise<OpsTenant> {
  const row = await getTenantRowOrThrow(slug);
  if (row.status === "deleted") throw new ApiError("conflict", `Tenant ${slug} is deleted.`);
  if (row.status === "suspended") throw new ApiError("conflict", `Tenant ${slug} is already suspended.`);
  const updated = await setTenantStatus(row.id, { status: "suspended", suspendedAt: new Date() });
  return (await toOpsTenants([updated]))[0];
}

export async function resumeTenant(slug: string): Promise<OpsTenant> {
  const row = await getTenantRowOrThrow(slug);
  if (row.status !== "suspended") throw new ApiError("conflict", `Tenant ${slug} is not suspended (it is ${row.status}).`);
  const updated = await setTenantStatus(row.id, { status: row.provisionedAt ? "active" : "provisioning_failed", suspendedAt: null });
  return (await toOpsTenants([updated]))[0];
}

/** Deletes the namespace in the cluster (and with it every workload), then marks the tenant deleted. */
export async function deleteTenant(slug: string, confirm: string): Promise<OpsTenant> {
  const row = await getTenantRowOrThrow(slug);
  if (confirm !== row.slug) {
    throw new ApiError("validation_failed", `The request is not valid: body.confirm: type the tenant's slug (${row.slug}) to confirm`, [
      { field: "body.confirm", message: `type the tenant's slug (${row.slug}) to confirm` },
    ]);
  }
  if (row.status === "deleted") throw new ApiError("conflict", `Tenant ${slug} is already deleted.`);
  await deleteTenantNamespace(toResolvedTenant(row));
  const updated = await setTenantStatus(row.id, { status: "deleted", deletedAt: new Date() });
  return (await toOpsTenants([updated]))[0];
}
