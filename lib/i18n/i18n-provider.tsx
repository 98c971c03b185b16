"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";

import type { Locale } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages/en";
import { createTranslator, type Translate } from "@/lib/i18n/translate";

type I18nContextValue = { locale: Locale; t: Translate };

const I18nContext = createContext<I18nContextValue | null>(null);

/**
 * Hands the request's locale and dictionary to client leaves. The root layout passes the
 * dictionary the server already chose, so server and client render identical text and a
 * language change is just a cookie plus `router.refresh()`.
 */
export function I18nProvider({
  locale,
  messages,
  children,
}: {
  locale: Locale;
  messages: Messages;
  children: ReactNode;
}) {
  const value = useMemo(() => ({ locale, t: createTranslator(messages) }), [locale, messages]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function useI18n(): I18nContextValue {
  const value = useContext(I18nContext);
  // Failing loudly beats silently rendering keys: it means a leaf was mounted outside the root layout.
  if (!value) throw new Error("useT() and useLocale() need <I18nProvider> (rendered by app/layout.tsx).");
  return value;
}

/** `t()` for client components. */
export function useT(): Translate {
  return useI18n().t;
}

/** The current locale, for client components that format numbers or dates. */
export function useLocale(): Locale {
  return useI18n().locale;
}
