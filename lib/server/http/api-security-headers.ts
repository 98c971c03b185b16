import "server-only";

// Headers every /api/v1 answer carries. Pages get theirs (with a CSP nonce for Next's scripts) from proxy.ts; the
// API is left out of the proxy because running it costs every API request about as much as the request itself,
// and a JSON or event-stream answer needs no nonce: it may load nothing and be framed by nothing.
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

/** Sets the API's security headers on a response (keeping any the handler set itself). */
export function withApiSecurityHeaders(response: Response): Response {
  for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) if (!response.headers.has(name)) response.headers.set(name, value);
  return response;
}
