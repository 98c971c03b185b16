import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";

import "@/app/globals.css";
import { Providers } from "@/components/layout/providers";
import { getLocale, getTranslations } from "@/lib/i18n/get-translations";
import { messagesFor } from "@/lib/i18n/messages-for";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  const appName = t("common.appName");
  return {
    title: { template: `%s · ${appName}`, default: appName },
    description: t("meta.description"),
  };
}

export const viewport: Viewport = {
  // Matches --background in both themes so mobile browser chrome does not flash a different colour.
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

/**
 * The document. The locale is resolved on the server (cookie, then Accept-Language) so `<html lang>`
 * and every string are right in the first response. `suppressHydrationWarning` is needed because
 * next-themes sets the `dark` class and color-scheme on <html> before React hydrates.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, headerList] = await Promise.all([getLocale(), headers()]);
  // proxy.ts issues a per-request CSP nonce; the theme's inline script needs it, or the browser
  // blocks the script and the page flashes the wrong theme before hydration.
  const nonce = headerList.get("x-nonce") ?? undefined;
  return (
    <html lang={locale} suppressHydrationWarning>
      <body className="min-h-dvh bg-background text-foreground antialiased">
        <Providers locale={locale} messages={messagesFor(locale)} nonce={nonce}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
