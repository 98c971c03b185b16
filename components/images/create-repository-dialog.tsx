"use client";

import { useState, type FormEvent } from "react";

import { PublicSwitch } from "@/components/images/public-switch";
import { PushCommands } from "@/components/images/push-commands";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { InlineError } from "@/components/ui/inline-error";
import { inputStyles, TextField } from "@/components/ui/text-field";
import { describeApiError } from "@/lib/client/describe-api-error";
import { serverFieldErrors } from "@/lib/client/server-field-errors";
import { useCreateRepository } from "@/lib/client/use-repositories";
import { useTenantAccess } from "@/lib/client/use-tenant-access";
import { validateForm, type FieldErrors } from "@/lib/client/validate-form";
import { CreateRepositoryRequest, type Repository } from "@/lib/contracts/images";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * "Create repository": a button that opens a form (name, public, description); once created, the same dialog
 * shows the exact push commands for the new repository instead of the form.
 */
export function CreateRepositoryDialog({ tenant }: { tenant: string }) {
  const t = useT();
  const { can, isPending: accessPending } = useTenantAccess(tenant);
  const create = useCreateRepository(tenant);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [isPublic, setIsPublic] = useState(false);
  const [description, setDescription] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<Repository | null>(null);
  const reason = accessPending || can("images:write") ? undefined : t("images.cannotWrite");

  function close() {
    setOpen(false);
    setCreated(null);
    setErrors({});
    create.reset();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = validateForm(CreateRepositoryRequest, { name: name.trim(), public: isPublic, description: description || undefined }, t);
    if (!checked.success) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    create.mutate(checked.data, {
      onSuccess: (repository) => {
        setCreated(repository);
        setName("");
        setDescription("");
        setIsPublic(false);
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  }

  const formId = "create-repository-form";
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)} disabled={accessPending} disabledReason={reason}>
        {t("images.create")}
      </Button>
      <Dialog
        open={open}
        onClose={close}
        className="sm:max-w-2xl"
        title={created ? t("images.createdTitle", { name: created.fullName }) : t("images.createTitle")}
        description={created ? t("images.createdBody") : t("images.createBody", { tenant })}
        footer={
          created ? (
            <Button variant="primary" onClick={close}>
              {t("images.done")}
            </Button>
          ) : (
            <>
              <Button onClick={close}>{t("common.cancel")}</Button>
              <Button type="submit" form={formId} variant="primary" disabled={create.isPending}>
                {create.isPending ? t("images.creating") : t("images.create")}
              </Button>
            </>
          )
        }
      >
        {created ? (
          <PushCommands tenant={tenant} repository={created.name} />
        ) : (
          <form id={formId} onSubmit={onSubmit} noValidate className="space-y-4">
            <TextField
              id="repository-name"
              name="name"
              autoComplete="off"
              spellCheck={false}
              label={t("images.name")}
              hint={t("images.nameHint")}
              value={name}
              onChange={(event) => setName(event.target.value)}
              error={errors.name}
              autoFocus
            />
            <PublicSwitch id="repository-public" label={t("images.publicLabel")} hint={t("images.publicHint")} checked={isPublic} onChange={setIsPublic} />
            <div className="space-y-1.5">
              <label htmlFor="repository-description" className="block text-sm font-medium text-foreground">
                {t("images.descriptionLabel")}
              </label>
              <textarea
                id="repository-description"
                name="description"
                rows={4}
                value={description}
                onChange={(event) => setDescription(event.target.value)}
                aria-describedby="repository-description-hint"
                aria-invalid={errors.description ? true : undefined}
                className={`${inputStyles} h-auto py-2`}
              />
              <p id="repository-description-hint" className="text-xs text-muted-foreground">
                {errors.description ?? t("images.descriptionHint")}
              </p>
            </div>
            <div aria-live="polite">
              {create.isError && Object.keys(errors).length === 0 ? (
                <InlineError title={t("images.createFailed")}>
                  {describeApiError(t, create.error, { conflict: t("images.createConflict") })}
                </InlineError>
              ) : null}
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
