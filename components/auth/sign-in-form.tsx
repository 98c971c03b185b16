"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { InlineError } from "@/components/ui/inline-error";
import { TextField } from "@/components/ui/text-field";
import { isApiRequestError } from "@/lib/client/api-client";
import { describeApiError } from "@/lib/client/describe-api-error";
import { firstDestination } from "@/lib/client/first-destination";
import { safeNextPath } from "@/lib/client/safe-next-path";
import { serverFieldErrors } from "@/lib/client/server-field-errors";
import { useSignIn, useWhoAmI } from "@/lib/client/use-who-am-i";
import { validateForm, type FieldErrors } from "@/lib/client/validate-form";
import { SignInRequest, TWO_FACTOR_REQUIRED } from "@/lib/contracts/auth";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * Sign in with email and password, then a second step for the authenticator code when the account has
 * two-factor on (the API answers 401 with `details.reason = "two_factor_required"`). Lands on `next` when given
 * (an invitation link, a deep link), otherwise on the first tenant, or the ops screens for a platform admin.
 */
export function SignInForm({ next, signUpHref = "/sign-up" }: { next?: string; /** null hides the link (the invitation page offers its own switch). */ signUpHref?: string | null }) {
  const t = useT();
  const router = useRouter();
  const whoAmI = useWhoAmI();
  const signIn = useSignIn();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [totp, setTotp] = useState("");
  const [step, setStep] = useState<"password" | "code">("password");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const nextPath = safeNextPath(next);

  // Already signed in (a second tab, the back button): go on instead of asking again.
  const signedIn = whoAmI.data;
  useEffect(() => {
    if (signedIn && !signIn.isPending && !signIn.isSuccess) router.replace(nextPath ?? firstDestination(signedIn));
  }, [signedIn, signIn.isPending, signIn.isSuccess, nextPath, router]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const values = { email, password, ...(step === "code" ? { totp } : {}) };
    const checked = validateForm(SignInRequest, values, t);
    if (!checked.success) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    signIn.mutate(checked.data, {
      onSuccess: (who) => {
        router.replace(nextPath ?? firstDestination(who));
        router.refresh();
      },
      onError: (error) => {
        if (isApiRequestError(error) && error.status === 401 && error.reason === TWO_FACTOR_REQUIRED) {
          if (step === "code") setErrors({ totp: t("signIn.codeWrong") });
          setStep("code");
          return;
        }
        if (isApiRequestError(error) && error.status === 401) {
          setFormError(t("signIn.invalid"));
          return;
        }
        const fields = serverFieldErrors(error);
        setErrors(fields);
        if (Object.keys(fields).length === 0) setFormError(describeApiError(t, error));
      },
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <TextField
        id="sign-in-email"
        name="email"
        type="email"
        autoComplete="email"
        required
        label={t("auth.email")}
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={errors.email}
        readOnly={step === "code"}
      />
      <TextField
        id="sign-in-password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        label={t("auth.password")}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={errors.password}
        readOnly={step === "code"}
      />
      {step === "code" ? (
        <TextField
          id="sign-in-totp"
          name="totp"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          autoFocus
          label={t("signIn.code")}
          hint={t("signIn.codeHint")}
          value={totp}
          onChange={(event) => setTotp(event.target.value)}
          error={errors.totp}
        />
      ) : null}
      <div aria-live="polite">{formError ? <InlineError title={formError} /> : null}</div>
      <Button type="submit" variant="primary" className="w-full" disabled={signIn.isPending}>
        {signIn.isPending ? t("signIn.submitting") : step === "code" ? t("signIn.verify") : t("signIn.submit")}
      </Button>
      {signUpHref ? (
        <p className="text-center text-sm text-muted-foreground">
          {t("signIn.noAccount")}{" "}
          <Link href={signUpHref} className="rounded-sm font-medium text-foreground underline-offset-4 hover:underline">
            {t("signIn.signUpLink")}
          </Link>
        </p>
      ) : null}
    </form>
  );
}
