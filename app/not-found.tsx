import type { Metadata } from "next";
import Link from "next/link";

import { BrandMark } from "@/components/layout/brand-mark";
import { buttonStyles } from "@/components/ui/button-styles";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("notFound.title") };
}

/** Shown for unknown addresses, including tenant slugs that cannot exist. */
export default async function NotFound() {
  const { t } = await getTranslations();
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-6 py-16 text-center">
      <BrandMark className="mb-8 size-10" />
      <p className="font-mono text-sm font-medium text-muted-foreground">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">{t("notFound.title")}</h1>
      <p className="mt-3 max-w-md text-sm text-muted-foreground">{t("notFound.body")}</p>
      <Link href="/sign-in" className={buttonStyles({ variant: "primary", className: "mt-8" })}>
        {t("notFound.back")}
      </Link>
    </main>
  );
}
