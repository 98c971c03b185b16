import "server-only";
import { and, eq, ilike, ne, sql } from "drizzle-orm";
import type { CatalogueList, ListCatalogueQuery, RepositoryStar } from "@/lib/contracts/images";
import { getDatabase } from "@/lib/server/db/get-database";
import { repositories, repositoryTags, tenants } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { findMembershipRole, findTenantBySlug } from "@/lib/server/tenancy/tenants";
import { likePattern, offsetOfCursor, REPOSITORY_ORDER, setRepositoryStar, starCount, starredBy, tagCount } from "./repositories";
import { registrySettings } from "./registry-settings";

const fullName = sql<string>`${tenants.slug} || '/' || ${repositories.name}`;
const latestTag = sql<string | null>`(select ${repositoryTags.tag} from ${repositoryTags} where ${repositoryTags.repositoryId} = ${repositories.id} order by ${repositoryTags.pushedAt} desc, ${repositoryTags.tag} limit 1)`;

/**
 * Who may browse the catalogue: anyone signed in, and anyone at all when the operator allows anonymous pulls (the
 * catalogue shows exactly what such a caller could pull).
 */
export function assertMayBrowseCatalogue(signedIn: boolean): void {
  if (!signedIn && !registrySettings().anonymousPull) {
    throw new ApiError("unauthorized", "Sign in to browse the catalogue: this server does not allow anonymous pulls.");
  }
}

/** Public repositories of every live tenant, from the database; `q` matches part of `<tenant>/<name>`. */
export async function listCatalogue(query: ListCatalogueQuery, viewerUserId: string | null): Promise<CatalogueList> {
  const { db } = await getDatabase();
  const offset = offsetOfCursor(query.cursor);
  // A deleted tenant's repositories are on their way out of the registry; a suspended tenant's stay pullable.
  const where = and(eq(repositories.public, true), ne(tenants.status, "deleted"), query.q ? ilike(fullName, likePattern(query.q)) : undefined);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ repository: repositories, tenant: tenants.slug, tags: tagCount, latestTag, stars: starCount, starred: starredBy(viewerUserId) })
      .from(repositories)
      .innerJoin(tenants, eq(tenants.id, repositories.tenantId))
      .where(where)
      .orderBy(...REPOSITORY_ORDER[query.sort])
      .limit(query.limit)
      .offset(offset),
    db.select({ total: sql<number>`count(*)::int` }).from(repositories).innerJoin(tenants, eq(tenants.id, repositories.tenantId)).where(where),
  ]);
  return {
    items: rows.map((row) => ({
      tenant: row.tenant,
      name: row.repository.name,
      fullName: `${row.tenant}/${row.repository.name}`,
      description: row.repository.description,
      tagCount: row.tags,
      latestTag: row.latestTag,
      pullCount: row.repository.pullCount,
      starCount: row.stars,
      starred: row.starred,
      lastPushedAt: row.repository.lastPushedAt?.toISOString() ?? null,
    })),
    total,
    nextCursor: offset + rows.length < total ? String(offset + rows.length) : null,
    registryHost: registrySettings().publicHost,
  };
}

/**
 * A person's star from the catalogue: on any public repository, or on any repository of a tenant they belong to.
 * Anything else is "not found", so a private repository's existence does not leak.
 */
export async function starCatalogueRepository(slug: string, name: string, userId: string, starred: boolean): Promise<RepositoryStar> {
  const notFound = new ApiError("not_found", `Repository ${slug.slice(0, 63)}/${name.slice(0, 128)} not found.`);
  const tenant = await findTenantBySlug(slug);
  if (!tenant) throw notFound;
  const { db } = await getDatabase();
  const [row] = await db
    .select({ id: repositories.id, public: repositories.public })
    .from(repositories)
    .where(and(eq(repositories.tenantId, tenant.id), eq(repositories.name, name)))
    .limit(1);
  if (!row || (!row.public && !(await findMembershipRole(tenant.id, userId)))) throw notFound;
  return setRepositoryStar(row.id, userId, starred);
}
