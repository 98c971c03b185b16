import "server-only";
import { RepositoryName } from "@/lib/contracts/images";

/** `acme/web` → tenant slug and repository name; null for anything else (one level under the tenant only). */
export function splitRepositoryName(fullName: string): { slug: string; name: string } | null {
  const slash = fullName.indexOf("/");
  if (slash < 0) return null;
  const slug = fullName.slice(0, slash);
  const name = fullName.slice(slash + 1);
  return /^[a-z0-9-]{1,63}$/.test(slug) && RepositoryName.safeParse(name).success ? { slug, name } : null;
}
