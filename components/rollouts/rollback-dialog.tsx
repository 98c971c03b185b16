"use client";

import { useState } from "react";

import { TemplateDiff } from "@/components/rollouts/template-diff";
import { QueryError } from "@/components/layout/query-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { InlineError } from "@/components/ui/inline-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { formatRelative } from "@/lib/client/format-timestamp";
import { useRolloutAction, useWorkloadRevisions } from "@/lib/client/use-workloads";
import type { WorkloadDetail } from "@/lib/contracts/workloads";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/**
 * Roll back to a kept revision, as `kubectl rollout undo --to-revision`: pick one (the newest older revision is
 * chosen first) and compare its pod template with the current one, side by side, before confirming.
 */
export function RollbackDialog({ tenant, detail, open, onClose }: { tenant: string; detail: WorkloadDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const locale = useLocale();
  const toast = useToast();
  const revisions = useWorkloadRevisions(tenant, detail.name, open);
  const rollout = useRolloutAction(tenant, detail.name);
  const [picked, setPicked] = useState<number | null>(null);

  const items = revisions.data?.items ?? [];
  const current = items.find((item) => item.current) ?? null;
  const selectable = items.filter((item) => !item.current);
  const chosenRevision = picked ?? selectable[0]?.revision ?? null;
  const chosen = items.find((item) => item.revision === chosenRevision) ?? null;

  function close() {
    rollout.reset();
    setPicked(null);
    onClose();
  }

  function confirm() {
    if (chosenRevision === null) return;
    rollout.mutate(
      { action: "undo", revision: chosenRevision },
      {
        onSuccess: () => {
          toast("success", t("rollouts.rollbackStarted", { name: detail.name, revision: chosenRevision }));
          close();
        },
      },
    );
  }

  let body;
  if (revisions.isPending) {
    body = <LoadingBlock label={t("common.loading")} lines={4} />;
  } else if (revisions.isError) {
    body = <QueryError title={t("rollouts.revisionsLoadFailed")} error={revisions.error} onRetry={() => revisions.refetch()} />;
  } else if (selectable.length === 0) {
    body = <p className="text-sm text-muted-foreground">{t("rollouts.noOtherRevisions")}</p>;
  } else {
    body = (
      <div className="space-y-5">
        <fieldset className="space-y-2">
          <legend className="mb-2 text-sm font-medium text-foreground">{t("rollouts.pickRevision")}</legend>
          {items.map((item) => (
            <label
              key={item.revision}
              className="flex cursor-pointer items-start gap-3 rounded-lg border border-border p-3 text-sm has-[:checked]:border-primary has-[:disabled]:cursor-default has-[:disabled]:opacity-70"
            >
              <input
                type="radio"
                name="rollback-revision"
                className="mt-1"
                value={item.revision}
                checked={item.revision === chosenRevision}
                disabled={item.current}
                onChange={() => setPicked(item.revision)}
              />
              <span className="min-w-0 flex-1 space-y-0.5">
                <span className="flex flex-wrap items-center gap-2 font-medium">
                  {t("rollouts.revisionLabel", { revision: item.revision })}
                  {item.current ? <Badge tone="info">{t("rollouts.currentRevision")}</Badge> : null}
                </span>
                <span className="block truncate font-mono text-xs text-muted-foreground">{item.image}</span>
                <span className="block text-xs text-muted-foreground">
                  {formatRelative(item.createdAt, locale)}
                  {item.changeCause ? ` · ${item.changeCause}` : ""}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        {chosen ? (
          <TemplateDiff
            before={current?.template ?? ""}
            after={chosen.template}
            beforeLabel={current ? t("rollouts.diffCurrent", { revision: current.revision }) : t("rollouts.diffCurrentUnknown")}
            afterLabel={t("rollouts.revisionLabel", { revision: chosen.revision })}
          />
        ) : null}
      </div>
    );
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      className="sm:max-w-4xl"
      title={t("rollouts.rollbackTitle", { name: detail.name })}
      description={t("rollouts.rollbackDescription")}
      footer={
        <>
          <Button onClick={close}>{t("common.cancel")}</Button>
          <Button variant="primary" onClick={confirm} disabled={chosenRevision === null || rollout.isPending}>
            {chosenRevision === null ? t("rollouts.rollBack") : t("rollouts.rollBackTo", { revision: chosenRevision })}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {body}
        <div aria-live="polite">
          {rollout.isError ? <InlineError title={t("rollouts.rollbackFailed")}>{describeApiError(t, rollout.error)}</InlineError> : null}
        </div>
      </div>
    </Dialog>
  );
}
