"use client";

import { QueryError } from "@/components/layout/query-error";
import { useState } from "react";

import { PublicSwitch } from "@/components/images/public-switch";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { InlineError } from "@/components/ui/inline-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { inputStyles } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { useRepository, useUpdateRepository } from "@/lib/client/use-repositories";
import { useTenantAccess } from "@/lib/client/use-tenant-access";
import type { Repository } from "@/lib/contracts/images";
import { useT } from "@/lib/i18n/i18n-provider";

/** Public/private switch and description of one repository; both PATCH the repository and need `images:write`. */
export function RepositorySettings({ tenant, name }: { tenant: string; name: string }) {
  const t = useT();
  const repository = useRepository(tenant, name);

  if (repository.isPending) return <LoadingBlock label={t("common.loading")} lines={3} />;
  if (repository.isError) {
    return (
      <QueryError title={t("images.repositoryLoadFailed")} error={repository.error} onRetry={() => repository.refetch()} />
    );
  }
  if (!repository.data) {
    return (
      <EmptyState icon={<Icon name="box" />} title={t("images.notFoundTitle", { name })} headingLevel={2}>
        <p>{t("images.notFoundBody")}</p>
      </EmptyState>
    );
  }
  // Not keyed by the saved description: a remount while a save settles would drop that save's toast.
  return <RepositorySettingsForm tenant={tenant} repository={repository.data} />;
}

function RepositorySettingsForm({ tenant, repository }: { tenant: string; repository: Repository }) {
  const t = useT();
  const toast = useToast();
  const { can, isPending: accessPending } = useTenantAccess(tenant);
  const update = useUpdateRepository(tenant, repository.name);
  const [description, setDescription] = useState(repository.description);
  const [error, setError] = useState<unknown>(null);
  const allowed = !accessPending && can("images:write");
  const reason = accessPending || allowed ? undefined : t("images.cannotWrite");

  function setPublic(value: boolean) {
    setError(null);
    update.mutate(
      { public: value },
      {
        onSuccess: (saved) =>
          toast("success", t("images.visibilitySaved", { name: saved.fullName, visibility: saved.public ? t("images.public") : t("images.private") })),
        onError: setError,
      },
    );
  }

  function saveDescription() {
    setError(null);
    update.mutate(
      { description },
      {
        onSuccess: () => toast("success", t("images.descriptionSaved")),
        onError: setError,
      },
    );
  }

  return (
    <Card className="space-y-5 p-5">
      <h2 className="text-base font-semibold">{t("images.settingsHeading")}</h2>
      <PublicSwitch
        id="repository-public-switch"
        label={t("images.publicSwitch")}
        hint={repository.public ? t("images.publicOn") : t("images.publicOff")}
        checked={repository.public}
        onChange={setPublic}
        disabled={!allowed || update.isPending}
        title={reason}
      />
      <div className="space-y-1.5">
        <label htmlFor="repository-description-edit" className="block text-sm font-medium text-foreground">
          {t("images.descriptionLabel")}
        </label>
        <textarea
          id="repository-description-edit"
          rows={5}
          value={description}
          placeholder={allowed ? undefined : t("images.noDescription")}
          onChange={(event) => setDescription(event.target.value)}
          readOnly={!allowed}
          title={reason}
          aria-describedby="repository-description-edit-hint"
          className={`${inputStyles} h-auto py-2 whitespace-pre-wrap`}
        />
        <p id="repository-description-edit-hint" className="text-xs text-muted-foreground">
          {t("images.descriptionHint")}
        </p>
      </div>
      <div className="flex justify-end">
        <Button
          variant="primary"
          size="sm"
          onClick={saveDescription}
          disabled={update.isPending || description === repository.description}
          disabledReason={reason}
        >
          {update.isPending ? t("images.saving") : t("images.saveDescription")}
        </Button>
      </div>
      <div aria-live="polite">{error ? <InlineError title={t("images.updateFailed")}>{describeApiError(t, error)}</InlineError> : null}</div>
    </Card>
  );
}
