import "server-only";
import { getEnv } from "@/lib/server/env";

// The session cookie is `__Host-apiary_session` (Secure, no Domain, Path=/: it cannot be set by a sibling
// subdomain or sent over plain http). Browsers refuse Secure cookies over plain http, so on http://localhost
// and http://127.0.0.1 (development, tests) it is `apiary_session` without Secure; any other plain-http origin
// still gets the secure cookie and fails closed.

const SECURE_NAME = "__Host-apiary_session";
const LOCAL_NAME = "apiary_session";
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function isPlainLocalhost(request: Request): boolean {
  const url = new URL(getEnv().APIARY_PUBLIC_URL ?? request.url);
  return url.protocol === "http:" && LOOPBACK.has(url.hostname);
}

export function sessionCookieName(request: Request): string {
  return isPlainLocalhost(request) ? LOCAL_NAME : SECURE_NAME;
}

/** The session token of the request's cookie, if any. */
export function readSessionCookie(request: Request): string | null {
  const name = sessionCookieName(request);
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

export function sessionCookieHeader(request: Request, token: string, maxAgeSeconds: number): string {
  const secure = isPlainLocalhost(request) ? "" : "; Secure";
  return `${sessionCookieName(request)}=${token}; Path=/; HttpOnly; SameSite=Lax${secure}; Max-Age=${maxAgeSeconds}`;
}

export function clearSessionCookieHeader(request: Request): string {
  const secure = isPlainLocalhost(request) ? "" : "; Secure";
  return `${sessionCookieName(request)}=; Path=/; HttpOnly; SameSite=Lax${secure}; Max-Age=0`;
}

/** The Set-Cookie value for a new session, living as long as the session's absolute lifetime. */
export function newSessionCookie(request: Request, session: { token: string; expiresAt: Date }): string {
  return sessionCookieHeader(request, session.token, Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000)));
}
