"use client";

import { useState, type FormEvent } from "react";

import { hubRepositoryOf, ImageSuggestions } from "@/components/deployments/image-suggestions";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { InlineError } from "@/components/ui/inline-error";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { serverFieldErrors } from "@/lib/client/server-field-errors";
import { useRegistryHost } from "@/lib/client/use-registry-host";
import { useRolloutAction } from "@/lib/client/use-workloads";
import { validateForm, type FieldErrors } from "@/lib/client/validate-form";
import { StartRolloutRequest, type WorkloadDetail } from "@/lib/contracts/workloads";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * One-click upgrade: a new image (tags of the same hub repository suggested), the rolling strategy (sent only
 * when changed) and an optional canary that pauses the rollout after N new pods.
 */
export function UpgradeDialog({ tenant, detail, open, onClose }: { tenant: string; detail: WorkloadDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const toast = useToast();
  const host = useRegistryHost(tenant);
  const rollout = useRolloutAction(tenant, detail.name);
  const [image, setImage] = useState(detail.image);
  const [maxSurge, setMaxSurge] = useState(detail.spec.strategy.maxSurge);
  const [maxUnavailable, setMaxUnavailable] = useState(detail.spec.strategy.maxUnavailable);
  const [canary, setCanary] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const repository = hubRepositoryOf(detail.image, host, tenant);
  const isDeployment = detail.kind === "Deployment";

  function close() {
    setErrors({});
    rollout.reset();
    onClose();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const strategyChanged = maxSurge.trim() !== detail.spec.strategy.maxSurge || maxUnavailable.trim() !== detail.spec.strategy.maxUnavailable;
    const values = {
      image: image.trim(),
      strategy: strategyChanged ? { maxSurge: maxSurge.trim(), maxUnavailable: maxUnavailable.trim() } : undefined,
      canary: canary.trim() ? { pauseAfterPods: Number(canary.trim()) } : undefined,
    };
    const checked = validateForm(StartRolloutRequest, values, t);
    if (!checked.success) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    rollout.mutate(
      { action: "start", body: checked.data },
      {
        onSuccess: () => {
          toast("success", t("rollouts.upgradeStarted", { name: detail.name, image: checked.data.image }));
          close();
        },
        onError: (error) => setErrors(serverFieldErrors(error)),
      },
    );
  }

  const formId = "upgrade-form";
  return (
    <Dialog
      open={open}
      onClose={close}
      className="sm:max-w-xl"
      title={t("rollouts.upgradeTitle", { name: detail.name })}
      description={t("rollouts.upgradeDescription", { image: detail.image })}
      footer={
        <>
          <Button onClick={close}>{t("common.cancel")}</Button>
          <Button type="submit" form={formId} variant="primary" disabled={rollout.isPending}>
            {rollout.isPending ? t("rollouts.upgrading") : t("rollouts.startUpgrade")}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate className="space-y-4">
        <ImageSuggestions id="upgrade-image-suggestions" tenant={tenant} image={image} repository={repository ?? undefined} />
        <TextField
          id="upgrade-image"
          label={t("rollouts.newImage")}
          hint={t("rollouts.newImageHint")}
          list="upgrade-image-suggestions"
          autoComplete="off"
          spellCheck={false}
          value={image}
          onChange={(e) => setImage(e.target.value)}
          error={errors.image}
          autoFocus
        />
        {isDeployment ? (
          <>
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField id="upgrade-max-surge" label={t("deployForm.maxSurge")} hint={t("deployForm.intOrPercentHint")} value={maxSurge} onChange={(e) => setMaxSurge(e.target.value)} error={errors["strategy.maxSurge"]} />
              <TextField
                id="upgrade-max-unavailable"
                label={t("deployForm.maxUnavailable")}
                hint={t("deployForm.intOrPercentHint")}
                value={maxUnavailable}
                onChange={(e) => setMaxUnavailable(e.target.value)}
                error={errors["strategy.maxUnavailable"] ?? errors.strategy}
              />
            </div>
            <TextField
              id="upgrade-canary"
              label={t("rollouts.canaryLabel")}
              hint={t("rollouts.canaryHint")}
              inputMode="numeric"
              value={canary}
              onChange={(e) => setCanary(e.target.value)}
              error={errors["canary.pauseAfterPods"] ?? errors.canary}
            />
          </>
        ) : null}
        <div aria-live="polite">
          {rollout.isError && Object.keys(errors).length === 0 ? <InlineError title={t("rollouts.upgradeFailed")}>{describeApiError(t, rollout.error)}</InlineError> : null}
        </div>
      </form>
    </Dialog>
  );
}
