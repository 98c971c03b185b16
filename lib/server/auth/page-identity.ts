import "server-only";
import { cookies, headers } from "next/headers";
import { resolveIdentity, type Identity } from "@/lib/server/http/identity";
import { sessionCookieName } from "./session-cookie";

/**
 * The signed-in person for a server component or layout (e.g. to redirect to /sign-in before rendering), from the
 * same session cookie the API uses. Null when signed out or the session has ended. Pages still authorize every
 * read through the API; this only decides what to render first.
 */
export async function getPageIdentity(): Promise<Identity | null> {
  const incoming = await headers();
  const host = incoming.get("x-forwarded-host") ?? incoming.get("host") ?? "127.0.0.1";
  const proto = incoming.get("x-forwarded-proto") ?? "http";
  const probe = new Request(`${proto}://${host}/`);
  const token = (await cookies()).get(sessionCookieName(probe))?.value;
  if (!token) return null;
  const identity = await resolveIdentity(new Request(probe.url, { headers: { cookie: `${sessionCookieName(probe)}=${token}` } })).catch(() => null);
  return identity?.via === "cookie" ? identity : null;
}
