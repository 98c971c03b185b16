import type { Metadata } from "next";

import { SignInForm } from "@/components/auth/sign-in-form";
import { Card } from "@/components/ui/card";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("signIn.title") };
}

/** `?next=` carries a deep link (or an invitation) through signing in; the form accepts only same-site paths. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ t }, query] = await Promise.all([getTranslations(), searchParams]);
  const next = typeof query.next === "string" ? query.next : undefined;
  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold tracking-tight">{t("signIn.title")}</h1>
      <p className="mt-1.5 mb-6 text-sm text-muted-foreground">{t("signIn.description")}</p>
      <SignInForm next={next} />
    </Card>
  );
}
