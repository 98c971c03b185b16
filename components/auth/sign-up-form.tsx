"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { InlineError } from "@/components/ui/inline-error";
import { TextField } from "@/components/ui/text-field";
import { isApiRequestError } from "@/lib/client/api-client";
import { describeApiError } from "@/lib/client/describe-api-error";
import { serverFieldErrors } from "@/lib/client/server-field-errors";
import { useSignUp } from "@/lib/client/use-who-am-i";
import { validateForm, type FieldErrors } from "@/lib/client/validate-form";
import { SignupRequest } from "@/lib/contracts/auth";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * Create an account and a tenant (`POST /api/v1/signup`), or — with an invitation token — an account that joins
 * the inviting tenant. The API answers after the namespace exists, so this waits with a visible "setting up"
 * state, then lands on the tenant's overview (which shows a provisioning failure and its retry, if any).
 */
export function SignUpForm({
  invitationToken,
  invitedEmail,
  signInHref = "/sign-in",
}: {
  invitationToken?: string;
  invitedEmail?: string;
  /** null hides the link (the invitation page offers its own switch). */
  signInHref?: string | null;
}) {
  const t = useT();
  const signUp = useSignUp();
  const [values, setValues] = useState({ name: "", email: invitedEmail ?? "", password: "", tenantName: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  function set(field: keyof typeof values) {
    return (event: { target: { value: string } }) => setValues((current) => ({ ...current, [field]: event.target.value }));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const request = invitationToken
      ? { name: values.name, email: values.email, password: values.password, invitationToken }
      : { name: values.name, email: values.email, password: values.password, tenantName: values.tenantName };
    const checked = validateForm(SignupRequest, request, t);
    if (!checked.success) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    signUp.mutate(checked.data, {
      // A full page load: the invitation page around this form holds signed-out state that must not linger.
      onSuccess: ({ tenant }) => window.location.replace(`/${encodeURIComponent(tenant.slug)}`),
      onError: (error) => {
        const fields = serverFieldErrors(error);
        setErrors(fields);
        if (Object.keys(fields).length > 0) return;
        // The one conflict sign-up has is an email that already has an account; say where to go instead.
        if (isApiRequestError(error) && error.code === "conflict") setErrors({ email: t("signUp.emailTaken") });
        else setFormError(describeApiError(t, error, { not_found: t("signUp.invitationGone") }));
      },
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <TextField id="sign-up-name" name="name" autoComplete="name" required label={t("signUp.name")} value={values.name} onChange={set("name")} error={errors.name} />
      <TextField
        id="sign-up-email"
        name="email"
        type="email"
        autoComplete="email"
        required
        label={t("auth.email")}
        value={values.email}
        onChange={set("email")}
        error={errors.email}
        hint={invitationToken ? t("signUp.invitedEmailHint") : undefined}
      />
      <TextField
        id="sign-up-password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        label={t("auth.password")}
        hint={t("signUp.passwordHint")}
        value={values.password}
        onChange={set("password")}
        error={errors.password}
      />
      {invitationToken ? null : (
        <TextField
          id="sign-up-tenant-name"
          name="tenantName"
          autoComplete="organization"
          required
          label={t("signUp.tenantName")}
          hint={t("signUp.tenantNameHint")}
          value={values.tenantName}
          onChange={set("tenantName")}
          error={errors.tenantName}
        />
      )}
      <div aria-live="polite" className="space-y-3">
        {signUp.isPending && !invitationToken ? <p className="text-sm text-muted-foreground">{t("signUp.provisioning")}</p> : null}
        {formError ? <InlineError title={formError} /> : null}
      </div>
      <Button type="submit" variant="primary" className="w-full" disabled={signUp.isPending}>
        {signUp.isPending ? t("signUp.submitting") : invitationToken ? t("signUp.submitJoin") : t("signUp.submit")}
      </Button>
      {signInHref ? (
        <p className="text-center text-sm text-muted-foreground">
          {t("signUp.haveAccount")}{" "}
          <Link href={signInHref} className="rounded-sm font-medium text-foreground underline-offset-4 hover:underline">
            {t("signUp.signInLink")}
          </Link>
        </p>
      ) : null}
    </form>
  );
}
