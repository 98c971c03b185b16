import "server-only";
import { and, asc, desc, eq, ilike, isNull, sql, type SQL } from "drizzle-orm";
import type {
  CreateRepositoryRequest,
  ListRepositoriesQuery,
  Repository,
  RepositoryList,
  RepositoryStar,
  RepositoryTag,
  UpdateRepositoryRequest,
} from "@/lib/contracts/images";
import { getDatabase } from "@/lib/server/db/get-database";
import { isUniqueViolation } from "@/lib/server/db/is-unique-violation";
import { repositories, repositoryStars, repositoryTags } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { logger } from "@/lib/server/logger";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";
import { deleteManifest, findImageDetails } from "./registry-manifests";

type RepositoryRow = typeof repositories.$inferSelect;
type TagRow = typeof repositoryTags.$inferSelect;

export const tagCount = sql<number>`(select count(*)::int from ${repositoryTags} where ${repositoryTags.repositoryId} = ${repositories.id})`;
/** Counted from the stars themselves (an index-only count on their primary key), so it can never drift. */
export const starCount = sql<number>`(select count(*)::int from ${repositoryStars} where ${repositoryStars.repositoryId} = ${repositories.id})`;

/** Whether this person starred the repository; always false without a person (API keys, anonymous callers). */
export function starredBy(userId: string | null): SQL<boolean> {
  if (!userId) return sql<boolean>`false`;
  return sql<boolean>`exists (select 1 from ${repositoryStars} where ${repositoryStars.repositoryId} = ${repositories.id} and ${repositoryStars.userId} = ${userId})`;
}

type Counts = { tags: number; stars: number; starred: boolean };

export function toRepository(tenant: ResolvedTenant, row: RepositoryRow, counts: Counts): Repository {
  return {
    name: row.name,
    fullName: `${tenant.slug}/${row.name}`,
    public: row.public,
    description: row.description,
    pullCount: row.pullCount,
    pushCount: row.pushCount,
    starCount: counts.stars,
    starred: counts.starred,
    tagCount: counts.tags,
    lastPushedAt: row.lastPushedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toRepositoryTag(row: TagRow): RepositoryTag {
  return {
    tag: row.tag,
    digest: row.digest,
    mediaType: row.mediaType,
    sizeBytes: row.sizeBytes,
    pushedAt: row.pushedAt.toISOString(),
    pushedBy: row.pushedBy,
    os: row.os,
    architecture: row.architecture,
    layers: row.layers,
  };
}

/** Sort orders shared by the tenant's list and the catalogue; the name breaks ties so pages never overlap. */
export const REPOSITORY_ORDER: Record<ListRepositoriesQuery["sort"], SQL[]> = {
  name: [asc(repositories.name), asc(repositories.id)],
  last_push: [sql`${repositories.lastPushedAt} desc nulls last`, asc(repositories.name), asc(repositories.id)],
  pulls: [desc(repositories.pullCount), asc(repositories.name), asc(repositories.id)],
  stars: [sql`${starCount} desc`, asc(repositories.name), asc(repositories.id)],
};

/** `cursor` of the hub's lists: an offset, as a string of digits. */
export function offsetOfCursor(cursor: string | undefined): number {
  return cursor && /^\d{1,9}$/.test(cursor) ? Number(cursor) : 0;
}

/** `q` for ILIKE: its own `%`, `_` and `\` match themselves. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The tenant's repositories from the database (never the registry): `q` matches part of the name. `viewerUserId`
 * is the person asking, for `starred`.
 */
export async function listRepositories(tenant: ResolvedTenant, query: ListRepositoriesQuery, viewerUserId: string | null = null): Promise<RepositoryList> {
  const { db } = await getDatabase();
  const offset = offsetOfCursor(query.cursor);
  const where = and(eq(repositories.tenantId, tenant.id), query.q ? ilike(repositories.name, likePattern(query.q)) : undefined);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ repository: repositories, tags: tagCount, stars: starCount, starred: starredBy(viewerUserId) })
      .from(repositories)
      .where(where)
      .orderBy(...REPOSITORY_ORDER[query.sort])
      .limit(query.limit)
      .offset(offset),
    db.select({ total: sql<number>`count(*)::int` }).from(repositories).where(where),
  ]);
  return {
    items: rows.map((row) => toRepository(tenant, row.repository, row)),
    total,
    nextCursor: offset + rows.length < total ? String(offset + rows.length) : null,
  };
}

async function getRepositoryRowOrThrow(tenant: ResolvedTenant, name: string): Promise<RepositoryRow> {
  const { db } = await getDatabase();
  const [row] = await db
    .select()
    .from(repositories)
    .where(and(eq(repositories.tenantId, tenant.id), eq(repositories.name, name)))
    .limit(1);
  if (!row) throw new ApiError("not_found", `Repository ${tenant.slug}/${name.slice(0, 128)} not found.`);
  return row;
}

export async function createRepository(tenant: ResolvedTenant, input: CreateRepositoryRequest): Promise<Repository> {
  const { db } = await getDatabase();
  try {
    const [row] = await db
      .insert(repositories)
      .values({ tenantId: tenant.id, name: input.name, public: input.public ?? false, description: input.description ?? "" })
      .returning();
    return toRepository(tenant, row, { tags: 0, stars: 0, starred: false });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError("conflict", `Repository ${tenant.slug}/${input.name} already exists.`);
    throw error;
  }
}

export async function updateRepository(tenant: ResolvedTenant, name: string, patch: UpdateRepositoryRequest, viewerUserId: string | null = null): Promise<Repository> {
  const row = await getRepositoryRowOrThrow(tenant, name);
  const { db } = await getDatabase();
  const set = { ...(patch.public !== undefined ? { public: patch.public } : {}), ...(patch.description !== undefined ? { description: patch.description } : {}) };
  const [updated] = Object.keys(set).length ? await db.update(repositories).set(set).where(eq(repositories.id, row.id)).returning() : [row];
  const [counts] = await db
    .select({ tags: tagCount, stars: starCount, starred: starredBy(viewerUserId) })
    .from(repositories)
    .where(eq(repositories.id, row.id));
  return toRepository(tenant, updated, counts);
}

/** Tags, newest push first. Tags whose layers were never read are read in the background for the next listing. */
export async function listRepositoryTags(tenant: ResolvedTenant, name: string): Promise<RepositoryTag[]> {
  const row = await getRepositoryRowOrThrow(tenant, name);
  const { db } = await getDatabase();
  const tags = await db.select().from(repositoryTags).where(eq(repositoryTags.repositoryId, row.id)).orderBy(desc(repositoryTags.pushedAt), asc(repositoryTags.tag));
  // Not awaited: a listing never waits on the registry.
  if (tags.some((tag) => !tag.detailsReadAt)) void fillTagDetails(row.id, `${tenant.slug}/${name}`);
  return tags.map(toRepositoryTag);
}

const filling = new Set<string>();

/**
 * Reads the manifest and config of every tag of one repository that lacks its layers and platform (the registry
 * was unreachable at push time, or the tag came from the reconcile), one repository at a time per process. Tags
 * still unreadable stay unread for the next try. Never throws.
 */
export async function fillTagDetails(repositoryId: string, fullName: string): Promise<number> {
  if (filling.has(repositoryId)) return 0;
  filling.add(repositoryId);
  let filled = 0;
  try {
    const { db } = await getDatabase();
    const missing = await db
      .select({ digest: repositoryTags.digest })
      .from(repositoryTags)
      .where(and(eq(repositoryTags.repositoryId, repositoryId), isNull(repositoryTags.detailsReadAt)))
      .limit(50);
    // Tags of one digest share one manifest: read it once.
    for (const digest of new Set(missing.map((tag) => tag.digest))) {
      const details = await findImageDetails(fullName, digest);
      if (!details) continue;
      const updated = await db
        .update(repositoryTags)
        .set({ ...details, detailsReadAt: new Date() })
        .where(and(eq(repositoryTags.repositoryId, repositoryId), eq(repositoryTags.digest, digest), isNull(repositoryTags.detailsReadAt)))
        .returning({ tag: repositoryTags.tag });
      filled += updated.length;
    }
  } catch (error) {
    logger().warn({ err: error, repository: fullName }, "could not fill tag details from the registry");
  } finally {
    filling.delete(repositoryId);
  }
  return filled;
}

/**
 * Stars or unstars a repository for one person (idempotent both ways) and answers the count after the change.
 * Who may star what is the caller's business: the tenant route checks membership, the catalogue route visibility.
 */
export async function setRepositoryStar(repositoryId: string, userId: string, starred: boolean): Promise<RepositoryStar> {
  const { db } = await getDatabase();
  if (starred) await db.insert(repositoryStars).values({ repositoryId, userId }).onConflictDoNothing();
  else await db.delete(repositoryStars).where(and(eq(repositoryStars.repositoryId, repositoryId), eq(repositoryStars.userId, userId)));
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(repositoryStars).where(eq(repositoryStars.repositoryId, repositoryId));
  return { starred, starCount: count };
}

/** PUT/DELETE …/repositories/{repo}/star: a member's star on one of the tenant's repositories. */
export async function starTenantRepository(tenant: ResolvedTenant, name: string, userId: string, starred: boolean): Promise<RepositoryStar> {
  const row = await getRepositoryRowOrThrow(tenant, name);
  return setRepositoryStar(row.id, userId, starred);
}

/**
 * Deletes a tag the way Distribution can: its manifest, by digest, with Apiary's own token — which removes every
 * tag of that digest, so their records go too. The registry's delete notification arrives later and finds
 * nothing left to do.
 */
export async function deleteRepositoryTag(tenant: ResolvedTenant, name: string, tag: string): Promise<{ digest: string; tags: string[] }> {
  const row = await getRepositoryRowOrThrow(tenant, name);
  const { db } = await getDatabase();
  const [found] = await db
    .select()
    .from(repositoryTags)
    .where(and(eq(repositoryTags.repositoryId, row.id), eq(repositoryTags.tag, tag)))
    .limit(1);
  if (!found) throw new ApiError("not_found", `Tag ${tag.slice(0, 128)} not found in ${tenant.slug}/${name}.`);
  await deleteManifest(`${tenant.slug}/${name}`, found.digest);
  const removed = await db
    .delete(repositoryTags)
    .where(and(eq(repositoryTags.repositoryId, row.id), eq(repositoryTags.digest, found.digest)))
    .returning({ tag: repositoryTags.tag });
  return { digest: found.digest, tags: removed.map((r) => r.tag) };
}
