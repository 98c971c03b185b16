import type { Metadata } from "next";
import Link from "next/link";

import { BrandMark } from "@/components/layout/brand-mark";
import { LanguageSwitch } from "@/components/layout/language-switch";
import { SkipLink } from "@/components/layout/skip-link";
import { ThemeToggle } from "@/components/layout/theme-toggle";
import { Badge } from "@/components/ui/badge";
import { buttonStyles } from "@/components/ui/button-styles";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("opsWall.title") };
}

/**
 * The full-screen wallboard for the operations room: no sidebar, large type, just a slim bar
 * with a way back. A placeholder until the operations release brings the live panels.
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
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">{t("opsWall.title")}</h1>
        <p className="mt-2 text-lg text-muted-foreground">{t("opsWall.description")}</p>
        <EmptyState
          size="lg"
          className="mt-8 flex-1 justify-center"
          icon={<Icon name="monitor" />}
          badge={<Badge tone="warning">{t("common.notAvailableYet")}</Badge>}
          title={t("opsWall.placeholderTitle")}
        >
          <p>{t("opsWall.placeholderBody")}</p>
          <p className="font-medium text-foreground">{t("opsWall.placeholderRelease")}</p>
        </EmptyState>
      </main>
    </div>
  );
}
