import "server-only";
import { randomBytes } from "node:crypto";

// A tenant's slug names it in URLs (/<slug>/deployments) and its namespace (t-<slug>): a DNS-1123 label of at
// most 30 characters, so `t-<slug>` stays well under the 63-character limit.

export const MAX_SLUG_LENGTH = 30;

/** Words the console's own top-level routes use; a tenant with one of these names would shadow a page. */
const RESERVED = new Set(["api", "ops", "sign-in", "sign-up", "sign-out", "invitations", "account", "settings", "admin", "apiary", "static", "system", "default", "kube"]);

export function slugFromName(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, "");
  return base.length >= 2 && !RESERVED.has(base) ? base : `tenant-${base}`.replace(/-+$/g, "").slice(0, MAX_SLUG_LENGTH);
}

/** The slug with a random suffix, for when the plain one is taken: `acme` → `acme-x7k2`. */
export function slugWithSuffix(slug: string): string {
  const suffix = randomBytes(4).readUInt32BE().toString(36).slice(0, 4).padStart(4, "0");
  return `${slug.slice(0, MAX_SLUG_LENGTH - 5).replace(/-+$/g, "")}-${suffix}`;
}

export function namespaceOf(slug: string): string {
  return `t-${slug}`;
}

export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
