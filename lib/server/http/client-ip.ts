import "server-only";
import { getEnv } from "@/lib/server/env";

/**
 * The caller's address. Next puts the socket's address in X-Forwarded-For when the request has none; behind
 * APIARY_TRUSTED_PROXY_HOPS load balancers that each append one entry, the client is that many from the right.
 * Entries further left were written by the client and are not trusted.
 */
export function clientIp(request: Request): string {
  const entries = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const hops = getEnv().APIARY_TRUSTED_PROXY_HOPS;
  const chosen = entries[Math.max(0, entries.length - 1 - hops)] ?? request.headers.get("x-real-ip") ?? "unknown";
  return chosen.slice(0, 64);
}
