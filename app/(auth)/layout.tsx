import type { ReactNode } from "react";

import { BrandMark } from "@/components/layout/brand-mark";
import { LanguageSwitch } from "@/components/layout/language-switch";
import { SkipLink } from "@/components/layout/skip-link";
import { ThemeToggle } from "@/components/layout/theme-toggle";
import { getTranslations } from "@/lib/i18n/get-translations";

/**
 * The frame for signed-out screens: brand, a centred card, and the same language and theme
 * controls as the console header, because choosing a language matters most before signing in.
 */
export default async function AuthLayout({ children }: { children: ReactNode }) {
  const { t } = await getTranslations();
  return (
    <div className="flex min-h-dvh flex-col bg-muted/40">
      <SkipLink href="#auth-content" label={t("common.skipToContent")} />
      <header className="flex h-14 items-center gap-2.5 px-4 sm:px-6">
        <BrandMark />
        <span className="font-semibold tracking-tight">{t("common.appName")}</span>
        <span className="hidden text-sm text-muted-foreground sm:inline">{t("common.tagline")}</span>
        <div className="ml-auto flex items-center gap-2">
          <LanguageSwitch />
          <ThemeToggle />
        </div>
      </header>
      <main id="auth-content" tabIndex={-1} className="flex flex-1 items-start justify-center px-4 pt-10 pb-16 outline-none sm:items-center sm:pt-0">
        <div className="w-full max-w-sm">{children}</div>
      </main>
    </div>
  );
}
