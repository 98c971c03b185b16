import { defaultLocale, isLocale, type Locale } from "@/lib/i18n/locales";

/**
 * Picks the console language for a request: an explicit choice in the cookie wins, then the
 * browser's Accept-Language preferences in q order, then English.
 */
export function resolveLocale(input: {
  cookie?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  if (isLocale(input.cookie)) return input.cookie;
  return matchAcceptLanguage(input.acceptLanguage) ?? defaultLocale;
}

/**
 * Returns the best supported locale for an Accept-Language header, or null when nothing matches.
 * Any Chinese tag (zh, zh-CN, zh-Hans, zh-SG, zh-TW…) maps to Simplified Chinese because it is the
 * only Chinese we ship, and a Chinese reader is better served by it than by English.
 */
export function matchAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranges = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const q = qParam === undefined ? 1 : Number.parseFloat(qParam.slice(2));
      return { tag: tag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, index };
    })
    // q=0 means "not acceptable"; the wildcard says nothing about which of ours to prefer.
    .filter((range) => range.tag !== "" && range.tag !== "*" && range.q > 0)
    // Stable by position for equal q, as RFC 9110 leaves ties to the order the client sent.
    .sort((a, b) => b.q - a.q || a.index - b.index);

  for (const { tag } of ranges) {
    const primary = tag.split("-")[0];
    if (primary === "zh") return "zh-CN";
    if (primary === "en") return "en";
  }
  return null;
}
