"use client";

import { useState, type FormEvent } from "react";

import { roleOptions } from "@/components/settings/role-options";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { InlineError } from "@/components/ui/inline-error";
import { Notice } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { inputStyles, TextField } from "@/components/ui/text-field";
import { describeApiError } from "@/lib/client/describe-api-error";
import { serverFieldErrors } from "@/lib/client/server-field-errors";
import { useCreateApiKey } from "@/lib/client/use-api-keys";
import { useTenantAccess } from "@/lib/client/use-tenant-access";
import { validateForm, type FieldErrors } from "@/lib/client/validate-form";
import { CreateApiKeyRequest, type CreatedApiKey } from "@/lib/contracts/api-keys";
import { useT } from "@/lib/i18n/i18n-provider";

const EXPIRY_DAYS = ["30", "90", "365", "never"] as const;

/**
 * Create a key with a name, a role (at most the creator's) and an expiry. The key is shown once, in a dialog
 * that must be closed on purpose; it lives only in this component's state, never in the query cache.
 */
export function CreateApiKeyForm({ tenant }: { tenant: string }) {
  const t = useT();
  const { membership, can } = useTenantAccess(tenant);
  const create = useCreateApiKey(tenant);
  const [name, setName] = useState("");
  const [role, setRole] = useState("developer");
  const [expiry, setExpiry] = useState<(typeof EXPIRY_DAYS)[number]>("90");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const allowed = can("api-keys:write");
  const reason = allowed ? undefined : t("permissions.needsDeveloper");
  const options = roleOptions(t, membership?.role);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const request = { name, role, ...(expiry === "never" ? {} : { expiresInDays: Number(expiry) }) };
    const checked = validateForm(CreateApiKeyRequest, request, t);
    if (!checked.success) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    create.mutate(checked.data, {
      onSuccess: (key) => {
        setCreated(key);
        setName("");
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  }

  return (
    <Card className="p-5">
      <form onSubmit={onSubmit} noValidate className="grid items-start gap-4 sm:grid-cols-[1fr_10rem_10rem_auto]">
        <TextField
          id="api-key-name"
          name="name"
          autoComplete="off"
          label={t("apiKeys.name")}
          placeholder={t("apiKeys.namePlaceholder")}
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errors.name}
          disabled={!allowed}
          title={reason}
        />
        <SelectField
          id="api-key-role"
          name="role"
          label={t("apiKeys.role")}
          options={options}
          value={options.some((option) => option.value === role) ? role : (options[options.length - 1]?.value ?? role)}
          onChange={(event) => setRole(event.target.value)}
          error={errors.role}
          disabled={!allowed}
          title={reason}
        />
        <SelectField
          id="api-key-expiry"
          name="expiresInDays"
          label={t("apiKeys.expiry")}
          options={EXPIRY_DAYS.map((value) => ({ value, label: value === "never" ? t("apiKeys.never") : t("apiKeys.days", { days: value }) }))}
          value={expiry}
          onChange={(event) => setExpiry(event.target.value as (typeof EXPIRY_DAYS)[number])}
          error={errors.expiresInDays}
          disabled={!allowed}
          title={reason}
        />
        <div className="sm:pt-6">
          <Button type="submit" variant="primary" disabled={create.isPending} disabledReason={reason}>
            {create.isPending ? t("apiKeys.creating") : t("apiKeys.create")}
          </Button>
        </div>
      </form>
      <div aria-live="polite" className="mt-4 empty:mt-0">
        {create.isError && Object.keys(errors).length === 0 ? <InlineError title={t("apiKeys.createFailed")}>{describeApiError(t, create.error)}</InlineError> : null}
      </div>
      <Dialog
        open={created !== null}
        onClose={() => setCreated(null)}
        title={t("apiKeys.createdTitle", { name: created?.name ?? "" })}
        description={t("apiKeys.createdBody")}
        footer={
          <Button variant="primary" onClick={() => setCreated(null)}>
            {t("apiKeys.done")}
          </Button>
        }
      >
        {created ? (
          <div className="space-y-4">
            <Notice tone="warning">{t("apiKeys.shownOnce")}</Notice>
            <div className="space-y-1.5">
              <label htmlFor="created-api-key" className="block text-sm font-medium">
                {t("apiKeys.keyLabel")}
              </label>
              <div className="flex flex-col gap-2 sm:flex-row">
                <input id="created-api-key" readOnly value={created.key} className={`${inputStyles} font-mono text-xs`} onFocus={(event) => event.target.select()} />
                <CopyButton value={created.key} label={t("common.copy")} copiedLabel={t("common.copied")} failedLabel={t("common.copyFailed")} variant="primary" />
              </div>
            </div>
            <p className="text-xs text-muted-foreground">{t("apiKeys.usage")}</p>
            <pre className="overflow-x-auto rounded-md bg-muted px-3 py-2 font-mono text-xs">{`curl -H "Authorization: Bearer $APIARY_API_KEY" ${window.location.origin}/api/v1/tenants/${tenant}/members`}</pre>
          </div>
        ) : null}
      </Dialog>
    </Card>
  );
}
