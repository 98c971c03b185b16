"use client";

import { useState, type FormEvent } from "react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { InlineError } from "@/components/ui/inline-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Notice } from "@/components/ui/notice";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast-provider";
import { isApiRequestError } from "@/lib/client/api-client";
import { describeApiError } from "@/lib/client/describe-api-error";
import { useConfirmTwoFactor, useDisableTwoFactor, useEnrolTwoFactor } from "@/lib/client/use-two-factor";
import { useWhoAmI } from "@/lib/client/use-who-am-i";
import { validateForm, type FieldErrors } from "@/lib/client/validate-form";
import { TwoFactorConfirmRequest, TwoFactorDisableRequest, TwoFactorEnrolRequest, type TwoFactorEnrolment } from "@/lib/contracts/auth";
import { useT } from "@/lib/i18n/i18n-provider";

type Step = { kind: "idle" } | { kind: "password" } | { kind: "confirm"; enrolment: TwoFactorEnrolment } | { kind: "backup"; codes: string[] };

/**
 * TOTP two-factor: password → secret (typed into an authenticator; no QR library is available, so the otpauth
 * URI is shown as text too) → a code to prove it works → ten backup codes, shown once. Turning it off needs
 * the password and a code.
 */
export function TwoFactorPanel() {
  const t = useT();
  const toast = useToast();
  const whoAmI = useWhoAmI();
  const enrol = useEnrolTwoFactor();
  const confirm = useConfirmTwoFactor();
  const disable = useDisableTwoFactor();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});

  if (whoAmI.isPending) return <LoadingBlock label={t("common.loading")} lines={2} />;
  if (!whoAmI.data) return null;
  const enabled = whoAmI.data.user.twoFactorEnabled;

  // A wrong password or code comes back as 401 (the session itself is fine, or who-am-i would have failed).
  function wrong(error: unknown, field: string, message: string): boolean {
    if (isApiRequestError(error) && error.status === 401) {
      setErrors({ [field]: message });
      return true;
    }
    return false;
  }

  function onEnrol(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = validateForm(TwoFactorEnrolRequest, { password }, t);
    if (!checked.success) return setErrors(checked.errors);
    setErrors({});
    enrol.mutate(checked.data.password, {
      onSuccess: (enrolment) => {
        setPassword("");
        setStep({ kind: "confirm", enrolment });
      },
      onError: (error) => {
        if (!wrong(error, "password", t("password.currentWrong"))) setErrors({ _form: describeApiError(t, error) });
      },
    });
  }

  function onConfirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = validateForm(TwoFactorConfirmRequest, { code }, t);
    if (!checked.success) return setErrors({ code: t("twoFactor.codeFormat") });
    setErrors({});
    confirm.mutate(checked.data.code, {
      onSuccess: (result) => {
        setCode("");
        setStep({ kind: "backup", codes: result.backupCodes });
      },
      onError: (error) => {
        if (!wrong(error, "code", t("twoFactor.codeWrong"))) setErrors({ _form: describeApiError(t, error) });
      },
    });
  }

  function onDisable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = validateForm(TwoFactorDisableRequest, { password, code }, t);
    if (!checked.success) return setErrors(checked.errors);
    setErrors({});
    disable.mutate(checked.data, {
      onSuccess: () => {
        setPassword("");
        setCode("");
        toast("success", t("twoFactor.disabled"));
      },
      onError: (error) => {
        if (!wrong(error, "code", t("twoFactor.passwordOrCodeWrong"))) setErrors({ _form: describeApiError(t, error) });
      },
    });
  }

  const formError = errors._form ? <InlineError title={errors._form} /> : null;

  if (step.kind === "backup") {
    return (
      <Card className="max-w-xl space-y-4 p-5">
        <p className="text-sm font-medium">{t("twoFactor.enabledNow")}</p>
        <Notice tone="warning">{t("twoFactor.backupWarning")}</Notice>
        <ul aria-label={t("twoFactor.backupCodes")} className="grid grid-cols-2 gap-2 rounded-md bg-muted p-3 font-mono text-sm">
          {step.codes.map((backupCode) => (
            <li key={backupCode}>{backupCode}</li>
          ))}
        </ul>
        <div className="flex flex-wrap gap-2">
          <CopyButton value={step.codes.join("\n")} label={t("twoFactor.copyCodes")} copiedLabel={t("common.copied")} failedLabel={t("common.copyFailed")} />
          <Button variant="primary" size="sm" onClick={() => setStep({ kind: "idle" })}>
            {t("twoFactor.savedCodes")}
          </Button>
        </div>
      </Card>
    );
  }

  if (enabled) {
    return (
      <Card className="max-w-md space-y-4 p-5">
        <p className="flex items-center gap-2 text-sm">
          <Badge tone="success">{t("twoFactor.on")}</Badge>
          {t("twoFactor.onBody")}
        </p>
        <form onSubmit={onDisable} noValidate className="space-y-4">
          <TextField id="tf-disable-password" type="password" autoComplete="current-password" label={t("auth.password")} value={password} onChange={(event) => setPassword(event.target.value)} error={errors.password} />
          <TextField id="tf-disable-code" inputMode="numeric" autoComplete="one-time-code" label={t("twoFactor.codeOrBackup")} value={code} onChange={(event) => setCode(event.target.value)} error={errors.code} />
          <div aria-live="polite">{formError}</div>
          <Button type="submit" variant="danger" disabled={disable.isPending}>
            {t("twoFactor.turnOff")}
          </Button>
        </form>
      </Card>
    );
  }

  if (step.kind === "confirm") {
    const { secret, otpauthUri } = step.enrolment;
    return (
      <Card className="max-w-xl space-y-4 p-5">
        <p className="text-sm">{t("twoFactor.scanBody")}</p>
        <div className="space-y-1.5">
          <p className="text-xs font-medium text-muted-foreground">{t("twoFactor.secret")}</p>
          <div className="flex flex-wrap items-center gap-2">
            <code className="rounded-md bg-muted px-2.5 py-1.5 font-mono text-sm tracking-wider break-all">{secret}</code>
            <CopyButton value={secret} label={t("common.copy")} copiedLabel={t("common.copied")} failedLabel={t("common.copyFailed")} />
          </div>
        </div>
        <div className="space-y-1.5">
          <p className="text-xs font-medium text-muted-foreground">{t("twoFactor.uri")}</p>
          <div className="flex flex-wrap items-center gap-2">
            <code className="rounded-md bg-muted px-2.5 py-1.5 font-mono text-xs break-all">{otpauthUri}</code>
            <CopyButton value={otpauthUri} label={t("common.copy")} copiedLabel={t("common.copied")} failedLabel={t("common.copyFailed")} />
          </div>
        </div>
        <form onSubmit={onConfirm} noValidate className="space-y-4">
          <TextField id="tf-confirm-code" inputMode="numeric" autoComplete="one-time-code" label={t("twoFactor.code")} hint={t("twoFactor.codeHint")} value={code} onChange={(event) => setCode(event.target.value)} error={errors.code} />
          <div aria-live="polite">{formError}</div>
          <div className="flex gap-2">
            <Button type="submit" variant="primary" disabled={confirm.isPending}>
              {t("twoFactor.confirm")}
            </Button>
            <Button onClick={() => setStep({ kind: "idle" })}>{t("common.cancel")}</Button>
          </div>
        </form>
      </Card>
    );
  }

  if (step.kind === "password") {
    return (
      <Card className="max-w-md p-5">
        <form onSubmit={onEnrol} noValidate className="space-y-4">
          <TextField id="tf-enrol-password" type="password" autoComplete="current-password" autoFocus label={t("twoFactor.confirmPassword")} value={password} onChange={(event) => setPassword(event.target.value)} error={errors.password} />
          <div aria-live="polite">{formError}</div>
          <div className="flex gap-2">
            <Button type="submit" variant="primary" disabled={enrol.isPending}>
              {t("twoFactor.continue")}
            </Button>
            <Button onClick={() => setStep({ kind: "idle" })}>{t("common.cancel")}</Button>
          </div>
        </form>
      </Card>
    );
  }

  return (
    <Card className="flex max-w-xl flex-wrap items-center justify-between gap-3 p-5">
      <p className="flex items-center gap-2 text-sm">
        <Badge>{t("twoFactor.off")}</Badge>
        {t("twoFactor.offBody")}
      </p>
      <Button variant="primary" size="sm" onClick={() => setStep({ kind: "password" })}>
        {t("twoFactor.turnOn")}
      </Button>
    </Card>
  );
}
