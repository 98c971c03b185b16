import "server-only";
import { ne } from "drizzle-orm";
import { getDatabase } from "@/lib/server/db/get-database";
import { tenants } from "@/lib/server/db/schema";

export interface NamespaceTenant {
  slug: string;
  name: string;
  status: string;
}

/** Every tenant that is not deleted, by its namespace: the operators' lists name the tenant, not just the namespace. */
export async function tenantsByNamespace(): Promise<Map<string, NamespaceTenant>> {
  const { db } = await getDatabase();
  const rows = await db
    .select({ slug: tenants.slug, name: tenants.name, status: tenants.status, namespace: tenants.namespace })
    .from(tenants)
    .where(ne(tenants.status, "deleted"));
  return new Map(rows.map((row) => [row.namespace, { slug: row.slug, name: row.name, status: row.status }]));
}
