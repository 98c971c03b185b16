import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { RegistryEvent } from "@/lib/contracts/images";
import { getDatabase } from "@/lib/server/db/get-database";
import { registryEvents, repositories, repositoryTags } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { findTenantBySlug } from "@/lib/server/tenancy/tenants";
import { APIARY_REGISTRY_SUBJECT } from "./issue-registry-token";
import { findImageDetails, MANIFEST_MEDIA_TYPES } from "./registry-manifests";
import { registrySettings } from "./registry-settings";
import { splitRepositoryName } from "./split-repository-name";

/** Refuses a notification that does not carry the shared secret (`Authorization: Bearer <secret>`). */
export function assertRegistryEventsCaller(request: Request): void {
  const presented = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization")?.trim() ?? "")?.[1] ?? "";
  // Compared as hashes, so the comparison takes the same time whatever the lengths.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  if (!presented || !timingSafeEqual(digest(presented), digest(registrySettings().eventsSecret))) {
    throw new ApiError("unauthorized", "Registry notifications need the shared secret (APIARY_REGISTRY_EVENTS_SECRET) as a Bearer token.");
  }
}

function eventTime(event: RegistryEvent): Date {
  const time = event.timestamp ? new Date(event.timestamp) : new Date();
  return Number.isNaN(time.getTime()) ? new Date() : time;
}

/**
 * Applies the registry's push, pull and delete events to the hub's records. Manifest pushes with a tag create or
 * update the repository and the tag (with its layers and platform, read from the registry); manifest pulls count (but not Apiary's own
 * reads of a pushed manifest for its size); manifest deletes drop the tags of that digest. Blob
 * events and repositories outside any tenant are ignored. Each event id is applied once, so the registry's
 * retries and replays never count twice.
 */
export async function applyRegistryEvents(events: RegistryEvent[]): Promise<{ applied: number; skipped: number }> {
  const { db } = await getDatabase();
  let applied = 0;
  let skipped = 0;
  for (const event of events) {
    const target = event.target ?? {};
    const match = splitRepositoryName(target.repository ?? "");
    const isManifest = MANIFEST_MEDIA_TYPES.includes(target.mediaType ?? "");
    const relevant =
      match && target.digest && ((event.action === "push" && isManifest && target.tag) || (event.action === "pull" && isManifest && event.actor?.name !== APIARY_REGISTRY_SUBJECT) || event.action === "delete");
    const tenant = relevant ? await findTenantBySlug(match.slug) : null;
    if (!relevant || !tenant) {
      skipped++;
      continue;
    }
    const name = match.name;
    const at = eventTime(event);
    // Read before the transaction: it is a call to the registry, and a transaction should not wait on the network.
    // When the registry cannot be read now, the tag keeps the manifest's size and a later listing fills the rest.
    const details = event.action === "push" ? await findImageDetails(target.repository!, target.digest!) : null;
    const done = await db.transaction(async (tx) => {
      const [fresh] = await tx.insert(registryEvents).values({ id: event.id, action: event.action }).onConflictDoNothing().returning({ id: registryEvents.id });
      if (!fresh) return false;
      if (event.action === "push") {
        const [repository] = await tx
          .insert(repositories)
          .values({ tenantId: tenant.id, name, pushCount: 1, lastPushedAt: at })
          .onConflictDoUpdate({
            target: [repositories.tenantId, repositories.name],
            set: { pushCount: sql`${repositories.pushCount} + 1`, lastPushedAt: sql`greatest(${repositories.lastPushedAt}, ${at.toISOString()}::timestamptz)` },
          })
          .returning({ id: repositories.id });
        const tag = {
          digest: target.digest!,
          mediaType: target.mediaType ?? null,
          sizeBytes: details?.sizeBytes ?? target.size ?? target.length ?? 0,
          pushedAt: at,
          pushedBy: event.actor?.name || null,
          os: details?.os ?? null,
          architecture: details?.architecture ?? null,
          layers: details?.layers ?? null,
          detailsReadAt: details ? new Date() : null,
        };
        await tx
          .insert(repositoryTags)
          .values({ repositoryId: repository.id, tag: target.tag!, ...tag })
          .onConflictDoUpdate({ target: [repositoryTags.repositoryId, repositoryTags.tag], set: tag });
      } else if (event.action === "pull") {
        await tx
          .update(repositories)
          .set({ pullCount: sql`${repositories.pullCount} + 1` })
          .where(and(eq(repositories.tenantId, tenant.id), eq(repositories.name, name)));
      } else {
        const [repository] = await tx
          .select({ id: repositories.id })
          .from(repositories)
          .where(and(eq(repositories.tenantId, tenant.id), eq(repositories.name, name)));
        if (repository) await tx.delete(repositoryTags).where(and(eq(repositoryTags.repositoryId, repository.id), eq(repositoryTags.digest, target.digest!)));
      }
      return true;
    });
    if (done) applied++;
    else skipped++;
  }
  return { applied, skipped };
}
