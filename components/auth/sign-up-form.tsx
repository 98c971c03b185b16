"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { TextField } from "@/components/ui/text-field";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * The sign-up form, with the fields `POST /api/v1/signup` will take (name, email, password,
 * tenant name). Until the tenancy release, submitting creates nothing and says so plainly.
 */
export function SignUpForm() {
  const t = useT();
  const [submitted, setSubmitted] = useState(false);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5">
      <TextField id="sign-up-name" name="name" autoComplete="name" required label={t("signUp.name")} />
      <TextField id="sign-up-email" name="email" type="email" autoComplete="email" required label={t("auth.email")} />
      <TextField
        id="sign-up-password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        label={t("auth.password")}
      />
      <TextField
        id="sign-up-tenant-name"
        name="tenantName"
        autoComplete="organization"
        required
        label={t("signUp.tenantName")}
        hint={t("signUp.tenantNameHint")}
      />
      <div role="status">{submitted ? <Notice tone="warning">{t("auth.notice")}</Notice> : null}</div>
      <Button type="submit" variant="primary" className="w-full">
        {t("signUp.submit")}
      </Button>
      <p className="text-center text-sm text-muted-foreground">
        {t("signUp.haveAccount")}{" "}
        <Link href="/sign-in" className="rounded-sm font-medium text-foreground underline-offset-4 hover:underline">
          {t("signUp.signInLink")}
        </Link>
      </p>
    </form>
  );
}
