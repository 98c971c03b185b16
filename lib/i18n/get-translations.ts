// No `import "server-only"`: lib/i18n is shared with client code (lint keeps server-only out of it),
// and `next/headers` already fails the build if a client component imports this file.
import { cookies, headers } from "next/headers";
import { cache } from "react";

import { localeCookieName, type Locale } from "@/lib/i18n/locales";
import { messagesFor } from "@/lib/i18n/messages-for";
import { resolveLocale } from "@/lib/i18n/resolve-locale";
import { createTranslator, type Translate } from "@/lib/i18n/translate";

/**
 * The locale of the current request. Cached per request so the layout, the page and
 * `generateMetadata` all agree without re-parsing headers.
 */
export const getLocale = cache(async (): Promise<Locale> => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return resolveLocale({
    cookie: cookieStore.get(localeCookieName)?.value,
    acceptLanguage: headerList.get("accept-language"),
  });
});

/** `t()` for server components: `const { t } = await getTranslations(); t("deployments.title")`. */
export const getTranslations = cache(async (): Promise<{ locale: Locale; t: Translate }> => {
  const locale = await getLocale();
  return { locale, t: createTranslator(messagesFor(locale)) };
});
