/**
 * The page to return to after signing in, from a `?next=` parameter. Only same-site paths are accepted: a
 * full URL or a protocol-relative `//evil.example` would turn the sign-in page into an open redirect.
 */
export function safeNextPath(next: string | string[] | undefined | null): string | null {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  // Signing in again should not land on a signed-out screen.
  if (/^\/(sign-in|sign-up)(\/|\?|$)/.test(value)) return null;
  return value;
}
