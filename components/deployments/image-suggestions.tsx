"use client";

import { useRegistryHost } from "@/lib/client/use-registry-host";
import { useRepositories, useRepositoryTags } from "@/lib/client/use-repositories";

/**
 * The repository a reference points at when it is one of this tenant's on the hub (`<host>/<tenant>/<repo>[:tag]`),
 * else null: only those have tags Apiary can list.
 */
export function hubRepositoryOf(image: string, host: string | null, tenant: string): string | null {
  if (!host) return null;
  const prefix = `${host}/${tenant}/`;
  if (!image.startsWith(prefix)) return null;
  const rest = image.slice(prefix.length);
  const name = rest.split(/[:@]/, 1)[0] ?? "";
  return name && !name.includes("/") ? name : null;
}

function TagOptions({ tenant, host, repository }: { tenant: string; host: string; repository: string }) {
  const tags = useRepositoryTags(tenant, repository);
  return (
    <>
      {(tags.data?.items ?? []).map((tag) => (
        <option key={tag.tag} value={`${host}/${tenant}/${repository}:${tag.tag}`} />
      ))}
    </>
  );
}

/**
 * A `<datalist>` for an image field: the tenant's hub repositories, and the tags of the repository the field
 * already names. Suggestions only: any image reference may be typed.
 */
export function ImageSuggestions({ id, tenant, image, repository }: { id: string; tenant: string; image: string; repository?: string }) {
  const host = useRegistryHost(tenant);
  const repositories = useRepositories(tenant, { q: "", sort: "last_push", cursor: null, limit: 50 });
  const names = repositories.data?.items.map((item) => item.name) ?? [];
  const current = repository ?? hubRepositoryOf(image, host, tenant);
  // Tags are asked for only for a repository the hub listed, so a half-typed name costs no failing request.
  const known = current && (repository !== undefined || names.includes(current)) ? current : null;
  return (
    <datalist id={id}>
      {host && known ? <TagOptions tenant={tenant} host={host} repository={known} /> : null}
      {host ? names.filter((name) => name !== known).map((name) => <option key={name} value={`${host}/${tenant}/${name}:latest`} />) : null}
    </datalist>
  );
}
