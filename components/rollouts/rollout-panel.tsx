"use client";

import { ElapsedTime } from "@/components/rollouts/elapsed-time";
import { ReplicaSetsTable } from "@/components/rollouts/replica-sets-table";
import { RolloutProgress, type RolloutCounts } from "@/components/rollouts/rollout-progress";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { InlineError } from "@/components/ui/inline-error";
import { Notice } from "@/components/ui/notice";
import type { WorkloadDetail } from "@/lib/contracts/workloads";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * The rollout as it happens: progress of updated / ready / available replicas, time since it started, old and new
 * ReplicaSets, and what to do when it stopped: a failed rollout offers "Roll back", a paused one (by hand or by a
 * canary) "Resume" and "Roll back".
 */
/**
 * Progress counts the new template's pods only: during a rollout the workload's own ready and available counts
 * include the old pods still serving, so a bar drawn from them would be full before anything was upgraded.
 */
export function newPodCounts(detail: WorkloadDetail): RolloutCounts {
  const { replicas } = detail;
  const current = detail.replicaSets.find((rs) => rs.current);
  if (!current) return { desired: replicas.desired, updated: replicas.updated, ready: replicas.ready, available: replicas.available };
  return { desired: replicas.desired, updated: replicas.updated, ready: Math.min(current.ready, replicas.updated), available: Math.min(current.available, replicas.updated) };
}

export function RolloutPanel({
  detail,
  writeReason,
  busy,
  onResume,
  onRollback,
}: {
  detail: WorkloadDetail;
  /** Why the role cannot act, or undefined when it can. */
  writeReason?: string;
  busy: boolean;
  onResume: () => void;
  onRollback: () => void;
}) {
  const t = useT();
  const { state, replicas } = detail;
  const rolling = state !== "available";
  const canaryPaused = state === "paused" && detail.canaryPauseAfter !== null;

  return (
    <Card className="space-y-5 p-5" data-testid="rollout-panel" data-state={state}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold">{t("rollouts.heading")}</h2>
        {rolling && detail.rolloutStartedAt ? (
          <p className="text-sm text-muted-foreground">
            {t("rollouts.elapsed")} <ElapsedTime since={detail.rolloutStartedAt} />
          </p>
        ) : null}
      </div>

      <div aria-live="polite" className="space-y-3">
        {state === "failed" ? (
          <InlineError
            title={t("rollouts.failedTitle", { reason: detail.reason ?? t("rollouts.unknownReason") })}
            action={
              <Button size="sm" variant="primary" data-testid="rollout-rollback" onClick={onRollback} disabled={busy} disabledReason={writeReason}>
                {t("rollouts.rollBack")}
              </Button>
            }
          >
            {detail.message ?? t("rollouts.failedHint")}
          </InlineError>
        ) : null}
        {state === "paused" ? (
          <Notice tone="warning">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <div>
                <p className="font-medium">
                  {canaryPaused ? t("rollouts.canaryPaused", { count: detail.canaryPauseAfter ?? 0 }) : t("rollouts.pausedTitle")}
                </p>
                <p>{canaryPaused ? t("rollouts.canaryPausedHint") : t("rollouts.pausedHint")}</p>
              </div>
              <div className="flex gap-2">
                <Button size="sm" variant="primary" data-testid="rollout-resume" onClick={onResume} disabled={busy} disabledReason={writeReason}>
                  {t("rollouts.resume")}
                </Button>
                <Button size="sm" data-testid="rollout-rollback" onClick={onRollback} disabled={busy} disabledReason={writeReason}>
                  {t("rollouts.rollBack")}
                </Button>
              </div>
            </div>
          </Notice>
        ) : null}
        {state === "progressing" && detail.canaryPauseAfter !== null ? (
          <Notice>{t("rollouts.canaryRunning", { count: detail.canaryPauseAfter })}</Notice>
        ) : null}
        {state === "available" ? <p className="text-sm text-muted-foreground">{t("rollouts.complete")}</p> : null}
      </div>

      <RolloutProgress counts={newPodCounts(detail)} oldPods={Math.max(0, replicas.total - replicas.updated)} />

      {detail.replicaSets.length > 0 ? (
        <section aria-labelledby="replica-sets-heading" className="space-y-2">
          <h3 id="replica-sets-heading" className="text-sm font-semibold">
            {t("rollouts.replicaSetsHeading")}
          </h3>
          <ReplicaSetsTable replicaSets={detail.replicaSets} />
        </section>
      ) : null}
    </Card>
  );
}
