"use client";

import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { InlineError } from "@/components/ui/inline-error";
import { Notice } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { inputStyles, TextField } from "@/components/ui/text-field";
import { roleOptions } from "@/components/settings/role-options";
import { describeApiError } from "@/lib/client/describe-api-error";
import { serverFieldErrors } from "@/lib/client/server-field-errors";
import { useInviteMember } from "@/lib/client/use-members";
import { useTenantAccess } from "@/lib/client/use-tenant-access";
import { validateForm, type FieldErrors } from "@/lib/client/validate-form";
import { CreateInvitationRequest, type CreatedInvitation } from "@/lib/contracts/members";
import { useT } from "@/lib/i18n/i18n-provider";

/** Invite by email and role; the answer's link is shown to copy (it is the only time the token is visible). */
export function InviteMemberForm({ tenant }: { tenant: string }) {
  const t = useT();
  const { membership, can } = useTenantAccess(tenant);
  const invite = useInviteMember(tenant);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("developer");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const allowed = can("members:write");
  const reason = allowed ? undefined : t("permissions.needsAdmin");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = validateForm(CreateInvitationRequest, { email, role }, t);
    if (!checked.success) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setCreated(null);
    invite.mutate(checked.data, {
      onSuccess: (invitation) => {
        setCreated(invitation);
        setEmail("");
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  }

  return (
    <Card className="p-5">
      <form onSubmit={onSubmit} noValidate className="grid items-start gap-4 sm:grid-cols-[1fr_12rem_auto]">
        <TextField
          id="invite-email"
          name="email"
          type="email"
          autoComplete="off"
          label={t("invite.email")}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={errors.email}
          disabled={!allowed}
          title={reason}
        />
        <SelectField
          id="invite-role"
          name="role"
          label={t("invite.role")}
          options={roleOptions(t, membership?.role)}
          value={role}
          onChange={(event) => setRole(event.target.value)}
          error={errors.role}
          disabled={!allowed}
          title={reason}
        />
        <div className="sm:pt-6">
          <Button type="submit" variant="primary" disabled={invite.isPending} disabledReason={reason}>
            {invite.isPending ? t("invite.sending") : t("invite.submit")}
          </Button>
        </div>
      </form>
      <div aria-live="polite" className="mt-4 empty:mt-0">
        {invite.isError && Object.keys(errors).length === 0 ? <InlineError title={t("invite.failed")}>{describeApiError(t, invite.error)}</InlineError> : null}
        {created ? (
          <div className="space-y-3 rounded-lg border border-border bg-muted/40 p-4">
            <p className="text-sm font-medium">{t("invite.created", { email: created.email, role: t(`roles.${created.role}`) })}</p>
            <div className="flex flex-col gap-2 sm:flex-row">
              <label htmlFor="invite-link" className="sr-only">
                {t("invite.link")}
              </label>
              <input id="invite-link" readOnly value={created.url} className={`${inputStyles} font-mono text-xs`} onFocus={(event) => event.target.select()} />
              <CopyButton value={created.url} label={t("common.copy")} copiedLabel={t("common.copied")} failedLabel={t("common.copyFailed")} />
            </div>
            <Notice>{created.mailed ? t("invite.mailed") : t("invite.notMailed")}</Notice>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
