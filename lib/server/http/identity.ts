import "server-only";
import type { Actor } from "@/lib/server/auth/actor";
import { readSessionCookie } from "@/lib/server/auth/session-cookie";
import { resolveSessionToken, type ResolvedSession } from "@/lib/server/auth/sessions";
import { resolveApiKey } from "@/lib/server/tenancy/api-keys";
import { ApiError } from "./api-error";

export interface Identity {
  actor: Actor;
  /** Present for cookie sessions. */
  session?: ResolvedSession;
  /** How the caller proved who they are; API-key requests are exempt from the same-origin check. */
  via: "cookie" | "api_key";
}

/**
 * Which credentials a request presents, without looking them up (public operations do not resolve them): a Bearer
 * key wins over a cookie, as in resolveIdentity.
 */
export function presentedCredentials(request: Request): "cookie" | "api_key" | "none" {
  if (request.headers.has("authorization")) return "api_key";
  return readSessionCookie(request) !== null ? "cookie" : "none";
}

/**
 * Who the caller is: an API key from `Authorization: Bearer`, else the session cookie, else null. A request that
 * sends an Authorization header that is not a live key is refused outright rather than falling back to the cookie.
 */
export async function resolveIdentity(request: Request): Promise<Identity | null> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    const key = match ? await resolveApiKey(match[1]) : null;
    if (!key) throw new ApiError("unauthorized", "The API key is not valid: it is unknown, revoked or expired.", undefined, { "www-authenticate": 'Bearer realm="apiary"' });
    return { actor: { kind: "api_key", apiKeyId: key.id, name: key.name, tenantId: key.tenantId, role: key.role }, via: "api_key" };
  }
  const token = readSessionCookie(request);
  if (!token) return null;
  const session = await resolveSessionToken(token);
  if (!session) return null;
  return {
    actor: {
      kind: "user",
      userId: session.user.id,
      email: session.user.email,
      name: session.user.name,
      platformAdmin: session.user.platformAdmin,
      sessionId: session.session.id,
    },
    session,
    via: "cookie",
  };
}
