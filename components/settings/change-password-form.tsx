"use client";

import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { InlineError } from "@/components/ui/inline-error";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast-provider";
import { isApiRequestError } from "@/lib/client/api-client";
import { describeApiError } from "@/lib/client/describe-api-error";
import { serverFieldErrors } from "@/lib/client/server-field-errors";
import { useChangePassword } from "@/lib/client/use-sessions";
import { validateForm, type FieldErrors } from "@/lib/client/validate-form";
import { ChangePasswordRequest } from "@/lib/contracts/auth";
import { useT } from "@/lib/i18n/i18n-provider";

/** Change the password; every other session ends, which the confirmation says in numbers. */
export function ChangePasswordForm() {
  const t = useT();
  const toast = useToast();
  const change = useChangePassword();
  const [values, setValues] = useState({ currentPassword: "", newPassword: "", repeat: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const checked = validateForm(ChangePasswordRequest, values, t);
    const fieldErrors: FieldErrors = checked.success ? {} : { ...checked.errors };
    if (values.newPassword !== values.repeat) fieldErrors.repeat = t("password.mismatch");
    if (!checked.success || Object.keys(fieldErrors).length > 0) {
      setErrors(fieldErrors);
      return;
    }
    setErrors({});
    change.mutate(checked.data, {
      onSuccess: (result) => {
        setValues({ currentPassword: "", newPassword: "", repeat: "" });
        toast("success", t("password.changed", { count: result.endedSessions }));
      },
      onError: (error) => {
        // A wrong current password is a 401 here, not a signed-out session.
        if (isApiRequestError(error) && error.status === 401) {
          setErrors({ currentPassword: t("password.currentWrong") });
          return;
        }
        const fields = serverFieldErrors(error);
        setErrors(fields);
        if (Object.keys(fields).length === 0) setFormError(describeApiError(t, error));
      },
    });
  }

  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [field]: event.target.value }));
  return (
    <Card className="max-w-md p-5">
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {/* Lets password managers attach the change to the right account. */}
        <input type="text" name="username" autoComplete="username" hidden readOnly />
        <TextField id="current-password" type="password" autoComplete="current-password" label={t("password.current")} value={values.currentPassword} onChange={set("currentPassword")} error={errors.currentPassword} />
        <TextField id="new-password" type="password" autoComplete="new-password" label={t("password.new")} hint={t("signUp.passwordHint")} value={values.newPassword} onChange={set("newPassword")} error={errors.newPassword} />
        <TextField id="repeat-password" type="password" autoComplete="new-password" label={t("password.repeat")} value={values.repeat} onChange={set("repeat")} error={errors.repeat} />
        <div aria-live="polite">{formError ? <InlineError title={formError} /> : null}</div>
        <Button type="submit" variant="primary" disabled={change.isPending}>
          {change.isPending ? t("password.saving") : t("password.submit")}
        </Button>
      </form>
    </Card>
  );
}
