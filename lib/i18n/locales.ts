/** The languages the console ships in. The order is the order of the language switch. */
export const locales = ["en", "zh-CN"] as const;

export type Locale = (typeof locales)[number];

/** English is the fallback because every message is written in English first. */
export const defaultLocale: Locale = "en";

/**
 * The cookie that remembers the user's choice. A cookie rather than localStorage because the
 * server renders the page in the right language (and sets `<html lang>`) on the first request.
 */
export const localeCookieName = "apiary-locale";

/** A year: the choice should outlive the session, like any other preference. */
export const localeCookieMaxAgeSeconds = 60 * 60 * 24 * 365;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}
