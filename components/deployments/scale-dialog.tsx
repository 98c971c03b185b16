"use client";

import { useState, type FormEvent } from "react";

import { WorkloadPriceEstimate } from "@/components/billing/workload-price-estimate";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { InlineError } from "@/components/ui/inline-error";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { useUpdateWorkload } from "@/lib/client/use-workloads";
import { validateForm, type FieldErrors } from "@/lib/client/validate-form";
import { z } from "zod";

import { WorkloadSpec, type WorkloadDetail } from "@/lib/contracts/workloads";
import { useT } from "@/lib/i18n/i18n-provider";

// The spec's own replicas rule (0–100, whole), without its default: an empty field is "required", not 1.
const ScaleRequest = z.object({ replicas: WorkloadSpec.shape.replicas.unwrap() });

/** Scale to a number of replicas (PATCH {replicas}), as `kubectl scale`. */
export function ScaleDialog({ tenant, detail, open, onClose }: { tenant: string; detail: WorkloadDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const toast = useToast();
  const update = useUpdateWorkload(tenant, detail.name);
  const [replicas, setReplicas] = useState(String(detail.replicas.desired));
  const [errors, setErrors] = useState<FieldErrors>({});

  function close() {
    update.reset();
    setErrors({});
    onClose();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = validateForm(ScaleRequest, { replicas: replicas.trim() === "" ? undefined : Number(replicas) }, t);
    if (!checked.success) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    const count = checked.data.replicas;
    update.mutate(checked.data, {
      onSuccess: () => {
        toast("success", t("deploymentDetail.scaled", { name: detail.name, replicas: count }));
        close();
      },
    });
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title={t("deploymentDetail.scaleTitle", { name: detail.name })}
      description={t("deploymentDetail.scaleDescription", { replicas: detail.replicas.desired })}
      footer={
        <>
          <Button onClick={close}>{t("common.cancel")}</Button>
          <Button type="submit" form="scale-form" variant="primary" disabled={update.isPending}>
            {t("deploymentDetail.scale")}
          </Button>
        </>
      }
    >
      <form id="scale-form" onSubmit={onSubmit} noValidate className="space-y-4">
        <TextField id="scale-replicas" label={t("deployForm.replicas")} inputMode="numeric" value={replicas} onChange={(e) => setReplicas(e.target.value)} error={errors.replicas} autoFocus />
        <WorkloadPriceEstimate tenant={tenant} cpuMillicores={detail.cpuRequestMillicores} memoryMiB={detail.memoryRequestMiB} replicas={replicas} />
        <div aria-live="polite">{update.isError ? <InlineError title={t("deploymentDetail.scaleFailed")}>{describeApiError(t, update.error)}</InlineError> : null}</div>
      </form>
    </Dialog>
  );
}
