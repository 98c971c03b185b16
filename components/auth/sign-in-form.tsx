"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { TextField } from "@/components/ui/text-field";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * The sign-in form. Accounts do not exist yet, so submitting sends nothing and says so plainly;
 * the tenancy release swaps the submit handler for `POST /api/v1/session`.
 */
export function SignInForm() {
  const t = useT();
  const [submitted, setSubmitted] = useState(false);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5">
      <TextField id="sign-in-email" name="email" type="email" autoComplete="email" required label={t("auth.email")} />
      <TextField
        id="sign-in-password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        label={t("auth.password")}
      />
      <div role="status">{submitted ? <Notice tone="warning">{t("auth.notice")}</Notice> : null}</div>
      <Button type="submit" variant="primary" className="w-full">
        {t("signIn.submit")}
      </Button>
      <p className="text-center text-sm text-muted-foreground">
        {t("signIn.noAccount")}{" "}
        <Link href="/sign-up" className="rounded-sm font-medium text-foreground underline-offset-4 hover:underline">
          {t("signIn.signUpLink")}
        </Link>
      </p>
    </form>
  );
}
