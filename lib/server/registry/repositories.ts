import "server-only";
import { and, asc, desc, eq, ilike, sql, type SQL } from "drizzle-orm";
import type {
  CreateRepositoryRequest,
  ListRepositoriesQuery,
  Repository,
  RepositoryList,
  RepositoryTag,
  UpdateRepositoryRequest,
} from "@/lib/contracts/images";
import { getDatabase } from "@/lib/server/db/get-database";
import { isUniqueViolation } from "@/lib/server/db/is-unique-violation";
import { repositories, repositoryTags } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";
import { deleteManifest } from "./registry-manifests";

type RepositoryRow = typeof repositories.$inferSelect;
type TagRow = typeof repositoryTags.$inferSelect;

const tagCount = sql<number>`(select count(*)::int from ${repositoryTags} where ${repositoryTags.repositoryId} = ${repositories.id})`;

export function toRepository(tenant: ResolvedTenant, row: RepositoryRow, tags: number): Repository {
  return {
    name: row.name,
    fullName: `${tenant.slug}/${row.name}`,
    public: row.public,
    description: row.description,
    pullCount: row.pullCount,
    pushCount: row.pushCount,
    starCount: row.starCount,
    tagCount: tags,
    lastPushedAt: row.lastPushedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toRepositoryTag(row: TagRow): RepositoryTag {
  return { tag: row.tag, digest: row.digest, mediaType: row.mediaType, sizeBytes: row.sizeBytes, pushedAt: row.pushedAt.toISOString(), pushedBy: row.pushedBy };
}

const ORDER: Record<ListRepositoriesQuery["sort"], SQL[]> = {
  name: [asc(repositories.name)],
  last_push: [sql`${repositories.lastPushedAt} desc nulls last`, asc(repositories.name)],
  pulls: [desc(repositories.pullCount), asc(repositories.name)],
};

/** The tenant's repositories from the database (never the registry): `q` matches part of the name. */
export async function listRepositories(tenant: ResolvedTenant, query: ListRepositoriesQuery): Promise<RepositoryList> {
  const { db } = await getDatabase();
  const offset = query.cursor && /^\d{1,9}$/.test(query.cursor) ? Number(query.cursor) : 0;
  const escaped = query.q ? query.q.replace(/[\\%_]/g, (c) => `\\${c}`) : null;
  const where = and(eq(repositories.tenantId, tenant.id), escaped ? ilike(repositories.name, `%${escaped}%`) : undefined);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ repository: repositories, tagCount })
      .from(repositories)
      .where(where)
      .orderBy(...ORDER[query.sort])
      .limit(query.limit)
      .offset(offset),
    db.select({ total: sql<number>`count(*)::int` }).from(repositories).where(where),
  ]);
  return {
    items: rows.map((row) => toRepository(tenant, row.repository, row.tagCount)),
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
    return toRepository(tenant, row, 0);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError("conflict", `Repository ${tenant.slug}/${input.name} already exists.`);
    throw error;
  }
}

export async function updateRepository(tenant: ResolvedTenant, name: string, patch: UpdateRepositoryRequest): Promise<Repository> {
  const row = await getRepositoryRowOrThrow(tenant, name);
  const { db } = await getDatabase();
  const set = { ...(patch.public !== undefined ? { public: patch.public } : {}), ...(patch.description !== undefined ? { description: patch.description } : {}) };
  const [updated] = Object.keys(set).length ? await db.update(repositories).set(set).where(eq(repositories.id, row.id)).returning() : [row];
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(repositoryTags).where(eq(repositoryTags.repositoryId, row.id));
  return toRepository(tenant, updated, count);
}

/** Tags, newest push first. */
export async function listRepositoryTags(tenant: ResolvedTenant, name: string): Promise<RepositoryTag[]> {
  const row = await getRepositoryRowOrThrow(tenant, name);
  const { db } = await getDatabase();
  const tags = await db.select().from(repositoryTags).where(eq(repositoryTags.repositoryId, row.id)).orderBy(desc(repositoryTags.pushedAt), asc(repositoryTags.tag));
  return tags.map(toRepositoryTag);
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
