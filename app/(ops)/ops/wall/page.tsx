import type { Metadata } from "next";
import Link from "next/link";

import { BrandMark } from "@/components/layout/brand-mark";
import { LanguageSwitch } from "@/components/layout/language-switch";
import { SkipLink } from "@/components/layout/skip-link";
import { ThemeToggle } from "@/components/layout/theme-toggle";
import { PlatformAdminGate } from "@/components/ops/platform-admin-gate";
import { Wallboard } from "@/components/ops/wallboard";
import { buttonStyles } from "@/components/ui/button-styles";
import { Icon } from "@/components/ui/icon";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("opsWall.title") };
}

/**
 * The full-screen wallboard for the operations room: no sidebar, large type, just a slim bar with a way back. It
 * refreshes itself and keeps its last figures through a lost connection. Platform admins only, as the ops API is.
 */
export default async function WallboardPage() {
  const { t } = await getTranslations();
  return (
    <div className="flex min-h-dvh flex-col">
      <SkipLink href="#wall-content" label={t("common.skipToContent")} />
      <header className="flex h-14 shrink-0 items-center gap-3 border-b border-border px-4 sm:px-6">
        <BrandMark />
        <span className="font-semibold tracking-tight">{t("common.appName")}</span>
        <span aria-hidden="true" className="text-muted-foreground/60">
          /
        </span>
        <span className="truncate text-muted-foreground">{t("opsWall.title")}</span>
        <div className="ml-auto flex items-center gap-2">
          <LanguageSwitch />
          <ThemeToggle />
          <Link href="/ops" className={buttonStyles({ variant: "secondary" })}>
            <Icon name="exit" />
            {/* Icon-only on phones, but the name stays for screen readers. */}
            <span className="max-sm:sr-only">{t("opsWall.exit")}</span>
          </Link>
        </div>
      </header>
      <main id="wall-content" tabIndex={-1} className="flex flex-1 flex-col p-4 outline-none sm:p-8">
        <h1 className="sr-only">{t("opsWall.title")}</h1>
        <PlatformAdminGate>
          <Wallboard />
        </PlatformAdminGate>
      </main>
    </div>
  );
}
