"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { InlineError } from "@/components/ui/inline-error";
import { TextField } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { useDeleteWorkload } from "@/lib/client/use-workloads";
import { useT } from "@/lib/i18n/i18n-provider";

/** Delete a workload and its Service, after the user types its name (the server checks the same name again). */
export function DeleteWorkloadDialog({ tenant, name, open, onClose }: { tenant: string; name: string; open: boolean; onClose: () => void }) {
  const t = useT();
  const toast = useToast();
  const router = useRouter();
  const remove = useDeleteWorkload(tenant, name);
  const [typed, setTyped] = useState("");

  function close() {
    setTyped("");
    remove.reset();
    onClose();
  }

  return (
    <ConfirmDialog
      open={open}
      title={t("deploymentDetail.deleteTitle", { name })}
      description={t("deploymentDetail.deleteDescription")}
      confirmLabel={t("deploymentDetail.deleteConfirm")}
      cancelLabel={t("common.cancel")}
      pending={remove.isPending}
      confirmDisabled={typed !== name}
      onCancel={close}
      onConfirm={() =>
        remove.mutate(typed, {
          onSuccess: () => {
            toast("success", t("deploymentDetail.deleted", { name }));
            router.push(`/${tenant}/deployments`);
          },
        })
      }
    >
      <div className="space-y-3">
        <TextField id="delete-confirm-name" label={t("deploymentDetail.deleteTypeName", { name })} autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
        <div aria-live="polite">{remove.isError ? <InlineError title={t("deploymentDetail.deleteFailed")}>{describeApiError(t, remove.error)}</InlineError> : null}</div>
      </div>
    </ConfirmDialog>
  );
}
