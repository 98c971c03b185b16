import "server-only";
import { getEnv } from "@/lib/server/env";
import { ApiError } from "./api-error";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The origins the console is served from: APIARY_PUBLIC_URL's, and the one the request's Host names. */
function allowedOrigins(request: Request): Set<string> {
  const url = new URL(request.url);
  const origins = new Set<string>([url.origin]);
  const host = request.headers.get("host");
  if (host) {
    origins.add(`http://${host}`);
    origins.add(`https://${host}`);
  }
  const publicUrl = getEnv().APIARY_PUBLIC_URL;
  if (publicUrl) origins.add(new URL(publicUrl).origin);
  return origins;
}

/**
 * CSRF defence for cookie-authenticated route handlers (Next checks Origin only for Server Actions): a state
 * change must come with an Origin of the console itself. A foreign Origin is refused whatever the credentials
 * (that also stops login CSRF on sign-in); a missing Origin is refused when a session cookie rides along, as
 * browsers always send Origin on POST, PUT, PATCH and DELETE. API-key requests are exempt: a cross-site page
 * cannot make a browser attach a bearer key.
 */
export function assertSameOrigin(request: Request, credentials: "cookie" | "api_key" | "none"): void {
  if (!UNSAFE_METHODS.has(request.method.toUpperCase()) || credentials === "api_key") return;
  const origin = request.headers.get("origin");
  if (origin === null) {
    if (credentials === "cookie") throw new ApiError("forbidden", "Cross-site request refused: a signed-in change must come from the console's own pages (no Origin header).");
    return;
  }
  if (!allowedOrigins(request).has(origin)) throw new ApiError("forbidden", `Cross-site request refused: Origin ${origin.slice(0, 100)} is not this console.`);
}
