import type { Metadata } from "next";

import { SignInForm } from "@/components/auth/sign-in-form";
import { Card } from "@/components/ui/card";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("signIn.title") };
}

export default async function SignInPage() {
  const { t } = await getTranslations();
  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold tracking-tight">{t("signIn.title")}</h1>
      <p className="mt-1.5 mb-6 text-sm text-muted-foreground">{t("signIn.description")}</p>
      <SignInForm />
    </Card>
  );
}
