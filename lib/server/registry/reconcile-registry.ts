import "server-only";
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { getDatabase } from "@/lib/server/db/get-database";
import { repositories, repositoryTags, tenants } from "@/lib/server/db/schema";
import { logger } from "@/lib/server/logger";
import { diffRegistryCatalogue, type CatalogueSnapshot } from "./diff-registry-catalogue";
import { apiaryRegistryToken } from "./issue-registry-token";
import { findImageDetails, MANIFEST_MEDIA_TYPES, registryFetch } from "./registry-manifests";
import { registrySettings } from "./registry-settings";
import { fillTagDetails } from "./repositories";
import { splitRepositoryName } from "./split-repository-name";

export interface ReconcileResult {
  repositoriesAdded: number;
  tagsAdded: number;
  tagsRemoved: number;
  detailsFilled: number;
}

/** Every repository name in the registry, following `_catalog`'s `Link: <…>; rel="next"` pages. */
async function listRegistryRepositories(): Promise<string[]> {
  const { registryUrl } = registrySettings();
  const token = await apiaryRegistryToken([{ type: "registry", name: "catalog", actions: ["*"] }]);
  const names: string[] = [];
  let next: string | null = "/v2/_catalog?n=1000";
  for (let page = 0; next && page < 1000; page++) {
    const response: Response = await fetch(new URL(next, registryUrl), { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`the registry's catalogue answered HTTP ${response.status}`);
    const body = (await response.json()) as { repositories?: unknown };
    if (Array.isArray(body.repositories)) names.push(...body.repositories.filter((name): name is string => typeof name === "string"));
    next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1] ?? null;
  }
  return names;
}

/** A repository's tags in the registry: an empty set when it has none left, null when they could not be read. */
async function listRegistryTags(repository: string): Promise<Set<string> | null> {
  try {
    const response = await registryFetch(repository, ["pull"], "/tags/list");
    if (response.status === 404) return new Set();
    if (!response.ok) return null;
    const body = (await response.json()) as { tags?: unknown };
    return new Set(Array.isArray(body.tags) ? body.tags.filter((tag): tag is string => typeof tag === "string") : []);
  } catch {
    return null;
  }
}

/** The digest and media type a tag points at, from a HEAD of its manifest (Apiary's own reads are not pulls). */
async function findTagDigest(repository: string, tag: string): Promise<{ digest: string; mediaType: string | null } | null> {
  try {
    const response = await registryFetch(repository, ["pull"], `/manifests/${encodeURIComponent(tag)}`, { method: "HEAD", headers: { accept: MANIFEST_MEDIA_TYPES.join(", ") } });
    const digest = response.headers.get("docker-content-digest");
    if (!response.ok || !digest) return null;
    return { digest, mediaType: response.headers.get("content-type")?.split(";")[0] ?? null };
  } catch {
    return null;
  }
}

/**
 * Brings the hub's records in step with what the registry holds, for when a notification was lost (the console
 * was down, the registry gave up retrying): repositories and tags the registry has are added (their push time is
 * when the reconcile found them, their pusher unknown), tags gone from the registry are removed, and tags whose
 * layers were never read get them. Only repositories of live tenants count; the rest of the registry is not the
 * hub's business.
 */
export async function reconcileRegistryCatalogue(): Promise<ReconcileResult> {
  const { db } = await getDatabase();
  const result: ReconcileResult = { repositoriesAdded: 0, tagsAdded: 0, tagsRemoved: 0, detailsFilled: 0 };
  const liveTenants = new Map((await db.select({ id: tenants.id, slug: tenants.slug }).from(tenants).where(ne(tenants.status, "deleted"))).map((t) => [t.slug, t.id]));

  const registry = new Map<string, Set<string> | null>();
  for (const name of await listRegistryRepositories()) {
    const match = splitRepositoryName(name);
    if (match && liveTenants.has(match.slug)) registry.set(name, await listRegistryTags(name));
  }

  const recorded = await db
    .select({ id: repositories.id, slug: tenants.slug, name: repositories.name, tag: repositoryTags.tag })
    .from(repositories)
    .innerJoin(tenants, eq(tenants.id, repositories.tenantId))
    .leftJoin(repositoryTags, eq(repositoryTags.repositoryId, repositories.id))
    .where(ne(tenants.status, "deleted"));
  const database: CatalogueSnapshot = new Map();
  const repositoryIds = new Map<string, string>();
  for (const row of recorded) {
    const fullName = `${row.slug}/${row.name}`;
    repositoryIds.set(fullName, row.id);
    if (!database.has(fullName)) database.set(fullName, new Set());
    if (row.tag !== null) database.get(fullName)!.add(row.tag);
  }

  const diff = diffRegistryCatalogue(registry, database);
  for (const fullName of diff.addRepositories) {
    const { slug, name } = splitRepositoryName(fullName)!;
    const [row] = await db.insert(repositories).values({ tenantId: liveTenants.get(slug)!, name }).onConflictDoNothing().returning({ id: repositories.id });
    if (row) {
      repositoryIds.set(fullName, row.id);
      result.repositoriesAdded++;
    } else {
      // Created by a push event meanwhile.
      const [existing] = await db.select({ id: repositories.id }).from(repositories).where(and(eq(repositories.tenantId, liveTenants.get(slug)!), eq(repositories.name, name)));
      if (existing) repositoryIds.set(fullName, existing.id);
    }
  }
  for (const { repository, tag } of diff.addTags) {
    const repositoryId = repositoryIds.get(repository);
    const target = repositoryId ? await findTagDigest(repository, tag) : null;
    if (!repositoryId || !target) continue;
    const details = await findImageDetails(repository, target.digest);
    const now = new Date();
    const [added] = await db
      .insert(repositoryTags)
      .values({
        repositoryId,
        tag,
        digest: target.digest,
        mediaType: target.mediaType,
        sizeBytes: details?.sizeBytes ?? 0,
        pushedAt: now,
        pushedBy: null,
        os: details?.os ?? null,
        architecture: details?.architecture ?? null,
        layers: details?.layers ?? null,
        detailsReadAt: details ? now : null,
      })
      // A push event that arrived meanwhile knows better (the pusher, the time).
      .onConflictDoNothing()
      .returning({ tag: repositoryTags.tag });
    if (!added) continue;
    result.tagsAdded++;
    await db
      .update(repositories)
      .set({ lastPushedAt: sql`greatest(${repositories.lastPushedAt}, ${now.toISOString()}::timestamptz)` })
      .where(eq(repositories.id, repositoryId));
  }
  for (const { repository, tag } of diff.removeTags) {
    const repositoryId = repositoryIds.get(repository);
    if (!repositoryId) continue;
    const removed = await db.delete(repositoryTags).where(and(eq(repositoryTags.repositoryId, repositoryId), eq(repositoryTags.tag, tag))).returning({ tag: repositoryTags.tag });
    result.tagsRemoved += removed.length;
  }

  const unread = await db
    .selectDistinct({ id: repositories.id, slug: tenants.slug, name: repositories.name })
    .from(repositoryTags)
    .innerJoin(repositories, eq(repositories.id, repositoryTags.repositoryId))
    .innerJoin(tenants, eq(tenants.id, repositories.tenantId))
    .where(and(isNull(repositoryTags.detailsReadAt), inArray(tenants.id, [...liveTenants.values()])))
    .limit(50);
  for (const row of unread) result.detailsFilled += await fillTagDetails(row.id, `${row.slug}/${row.name}`);
  return result;
}

const RECONCILE_EVERY_MS = 5 * 60_000;
const JITTER_MS = 60_000;
const started = Symbol.for("apiary.registryReconciler");

/**
 * Runs the reconcile once per server process, a little after start and then every five minutes or so. The jitter
 * keeps several replicas from walking the registry at the same moment; a failure is logged and the next run tries
 * again. Timers are unref'd, so they never keep a process alive.
 */
export function startRegistryReconciler(): void {
  const holder = globalThis as { [started]?: boolean };
  if (holder[started]) return;
  holder[started] = true;
  const schedule = (baseMs: number) => {
    const timer = setTimeout(run, baseMs + Math.floor(Math.random() * JITTER_MS));
    timer.unref?.();
  };
  const run = () => {
    reconcileRegistryCatalogue()
      .then((result) => {
        if (result.repositoriesAdded || result.tagsAdded || result.tagsRemoved || result.detailsFilled) logger().info(result, "reconciled the hub with the registry's catalogue");
      })
      .catch((error) => logger().warn({ err: error }, "could not reconcile the hub with the registry's catalogue; trying again later"))
      .finally(() => schedule(RECONCILE_EVERY_MS));
  };
  schedule(30_000);
}
