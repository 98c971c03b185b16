"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import type { ReactNode } from "react";

import { ToastProvider } from "@/components/ui/toast-provider";
import { getQueryClient } from "@/lib/client/query-client";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import type { Locale } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages/en";

/**
 * Everything client leaves need from above, mounted once by the root layout:
 * theme, translations, the TanStack Query cache and the toasts that confirm finished actions.
 */
export function Providers({
  locale,
  messages,
  nonce,
  children,
}: {
  locale: Locale;
  messages: Messages;
  /** The request's CSP nonce, so the strict Content-Security-Policy lets the theme script run. */
  nonce?: string;
  children: ReactNode;
}) {
  const queryClient = getQueryClient();
  return (
    <ThemeProvider
      attribute="class"
      defaultTheme="system"
      enableSystem
      // Namespaced so another app on the same origin (e.g. during development) cannot flip our theme.
      storageKey="apiary-theme"
      // Switching themes should not animate every border and background at once.
      disableTransitionOnChange
      // next-themes renders an inline <script> that sets the class before first paint (no flash).
      // React 19 warns about <script> created on the client; marking it a data block there avoids
      // the warning, and suppressHydrationWarning (set by next-themes) accepts the type difference.
      scriptProps={{ type: typeof window === "undefined" ? "text/javascript" : "text/plain" }}
      nonce={nonce}
    >
      <I18nProvider locale={locale} messages={messages}>
        <QueryClientProvider client={queryClient}>
          <ToastProvider dismissLabel={messages.common.dismiss}>{children}</ToastProvider>
        </QueryClientProvider>
      </I18nProvider>
    </ThemeProvider>
  );
}
