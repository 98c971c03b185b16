"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { InlineError } from "@/components/ui/inline-error";
import { TextField } from "@/components/ui/text-field";
import { describeApiError } from "@/lib/client/describe-api-error";
import { serverFieldErrors } from "@/lib/client/server-field-errors";
import { useCreateTenant } from "@/lib/client/use-tenant";
import { isSignedOutError } from "@/lib/client/use-who-am-i";
import { validateForm, type FieldErrors } from "@/lib/client/validate-form";
import { CreateTenantRequest } from "@/lib/contracts/tenants";
import { useT } from "@/lib/i18n/i18n-provider";

/** Names a new tenant and waits while its namespace is provisioned, then opens its overview. */
export function CreateTenantForm() {
  const t = useT();
  const router = useRouter();
  const create = useCreateTenant();
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = validateForm(CreateTenantRequest, { name }, t);
    if (!checked.success) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    create.mutate(checked.data.name, {
      onSuccess: (tenant) => router.push(`/${encodeURIComponent(tenant.slug)}`),
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  }

  const signedOut = create.isError && isSignedOutError(create.error);
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <TextField
        id="new-tenant-name"
        name="name"
        autoComplete="organization"
        required
        label={t("signUp.tenantName")}
        hint={t("signUp.tenantNameHint")}
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={errors.name}
      />
      <div aria-live="polite" className="space-y-3">
        {create.isPending ? <p className="text-sm text-muted-foreground">{t("signUp.provisioning")}</p> : null}
        {create.isError && Object.keys(errors).length === 0 ? (
          <InlineError title={signedOut ? t("apiErrors.unauthorized") : describeApiError(t, create.error)}>
            {signedOut ? (
              <Link href="/sign-in?next=/account/new-tenant" className="font-medium underline underline-offset-4">
                {t("signUp.signInLink")}
              </Link>
            ) : null}
          </InlineError>
        ) : null}
      </div>
      <Button type="submit" variant="primary" className="w-full" disabled={create.isPending}>
        {create.isPending ? t("newTenant.submitting") : t("newTenant.submit")}
      </Button>
    </form>
  );
}
