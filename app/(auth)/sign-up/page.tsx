import type { Metadata } from "next";

import { SignUpForm } from "@/components/auth/sign-up-form";
import { Card } from "@/components/ui/card";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslations();
  return { title: t("signUp.title") };
}

export default async function SignUpPage() {
  const { t } = await getTranslations();
  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold tracking-tight">{t("signUp.title")}</h1>
      <p className="mt-1.5 mb-6 text-sm text-muted-foreground">{t("signUp.description")}</p>
      <SignUpForm />
    </Card>
  );
}
